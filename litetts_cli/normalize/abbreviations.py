"""Abbreviations and titles: "Dr. Smith", "Elm St." / "St. Louis", "No. 5", "etc.", "e.g."."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import alternation, ends_sentence, guarded, load_json
from litetts_cli.normalize.options import NormalizeOptions

_SAINT_OR_STREET = {"St": ("Saint", "Street"), "Dr": ("Doctor", "Drive")}
_PREVIOUS_WORD = re.compile(r"([A-Za-z0-9']+)[ \t]+$")
_NAME_AND_COMMA = re.compile(r"[A-Z][A-Za-z'’]*,[ \t]+$")
_AND_BEFORE = re.compile(r"(?:\b(?i:and)|&)[ \t]+$")
_NEXT_CAPITALIZED = re.compile("[ \t]+[A-Z\U000f0000-\U000ffffd]")
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][^\W\d_]+)('s)?")
_NEXT_DIGIT = re.compile(r"[ \t]*(?:[#(]?[0-9]|(?:[IVXLC]{2,}|[VX])\b)")
_NEXT_COMMA_OR_DIGIT = re.compile(r",|[ \t]+[0-9]")
_DIGIT_BEFORE = re.compile(r"[0-9][ \t]?$")
_CAPITALS_BEFORE = re.compile(r"(?<![A-Za-z'’])[A-Z][A-Z'’]+[ \t]+$")
_NEXT_CAPITALS = re.compile(r"[ \t]+[A-Z][A-Z'’]+(?![a-z])")
_CATALOGUE_RANGE = re.compile(r"[ \t]*[-–][ \t]*")
_DIGIT_RUN = re.compile(r"[0-9]+")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?…][\"”’)\]]*[ \t]+|[ \t][\"“‘'(\[])[ \t\"“‘'(\[]*$", re.MULTILINE)
"""Nothing before the abbreviation in its sentence, line or quotation but opening marks."""
_TITLE_GOES_ON = re.compile(
    r"[ \t]+[A-Z][\w'’]*(?:[ \t]+(?:a|an|the|in|of|on|for|and|to|at|by|with|from|or|nor|upon|into))+[ \t]+[A-Z]"
)
"""A title-case phrase after the period, "MS. Found in a Bottle": capitalized words joined
by small lowercase ones. "the MS. Then he slept" is no title ("he" is not such a word)."""
_ORDINAL = re.compile(r"[0-9]+(?:st|nd|rd|th)?|(?:[A-Z][a-z]+)(?:st|nd|rd|th)")


@dataclass(frozen=True)
class _Tables:
    title: dict[str, str]
    title_always: frozenset[str]
    dot_optional: frozenset[str]
    after_name: dict[str, str]
    before_number: dict[str, str]
    anywhere: dict[str, str]
    anywhere_needs_dot: frozenset[str]
    comma_or_digit: frozenset[str]
    keep_no_period: frozenset[str]
    title_opening: frozenset[str]
    """Abbreviations that open titles ("MS. Found in a Bottle"): a title-case phrase after
    the period goes on in the same sentence."""
    after_and: frozenset[str]
    after_and_capitals: dict[str, str]
    after_capitals: frozenset[str]
    in_capitals: dict[str, str]
    """ "MRS" -> "Mrs": a title in a shouted line, read as its usual form when it has its period."""
    sentence_words: frozenset[str]
    saint_after: frozenset[str]
    saint_names: frozenset[str]
    pattern: re.Pattern[str]
    catalogue: re.Pattern[str]
    """"No. 97163": a long number after "No." is a catalogue number, said digit by digit."""


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = load_json("abbreviations.json")
    keys = set(data["title"]) | set(data["after_name"]) | set(data["before_number"])
    keys |= set(data["anywhere"]) | set(_SAINT_OR_STREET) | set(data["after_and_capitals"])
    keys |= {key.upper() for key in data["in_capitals"]}
    words = [k for k in keys if k[-1].isalpha()]
    slashed = [k for k in keys if not k[-1].isalpha()]
    pattern = re.compile(
        rf"(?<![A-Za-z0-9.'/@-])(?:(?P<key>{alternation(words)})(?P<dot>\.)?(?![A-Za-z0-9'-])"
        rf"|(?P<slashed>{alternation(slashed)})(?!/))"
    )
    catalogue = data["catalogue_numbers"]
    long_number = rf"[0-9]{{{catalogue['min_digits']},}}(?![0-9]|[.,][0-9])"
    catalogue_pattern = re.compile(
        rf"(?<![A-Za-z0-9.'/@-])(?P<key>{alternation(catalogue['keys'])})\.[ \t]*"
        rf"(?P<digits>{long_number}(?:(?:,?[ \t]+(?:and|or|to|&)[ \t]+|,[ \t]*|[ \t]*[-–][ \t]*){long_number})*)"
    )
    return _Tables(
        title=data["title"],
        title_always=frozenset(data["title_always"]),
        dot_optional=frozenset(data["dot_optional"]),
        after_name=data["after_name"],
        before_number=data["before_number"],
        anywhere=data["anywhere"],
        anywhere_needs_dot=frozenset(data["anywhere_needs_dot"]),
        comma_or_digit=frozenset(data["needs_following"]["words"]),
        keep_no_period=frozenset(data["keep_no_period"]),
        title_opening=frozenset(data["title_opening"]),
        after_and=frozenset(data["after_and"]),
        after_and_capitals=data["after_and_capitals"],
        after_capitals=frozenset(data["after_capitals"]),
        in_capitals={key.upper(): key for key in data["in_capitals"]},
        sentence_words=frozenset(data["sentence_words"]),
        saint_after=frozenset(data["saint_after_words"]),
        saint_names=frozenset(data["saint_names"]),
        pattern=pattern,
        catalogue=catalogue_pattern,
    )


def _after_a_name(text: str, start: int, tables: _Tables) -> bool:
    """Whether the word before ``start`` is a name or a street number ("Elm", "5th")."""
    previous = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if not previous:
        return False
    word = previous.group(1)
    if _ORDINAL.fullmatch(word):
        return True
    return word[0].isupper() and word.lower() not in tables.sentence_words


def _saint_by_neighbours(text: str, start: int, end: int, tables: _Tables) -> bool:
    """Whether "St." between two capitalized words is Saint: a title before it, or a
    saint's name (or any name with a possessive, "St. Swithin's") after it."""
    previous = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if previous and previous.group(1).rstrip(".") in tables.saint_after:
        return True
    following = _NEXT_WORD.match(text, end)
    return bool(following) and (following.group(1) in tables.saint_names or bool(following.group(2)))


def expand_abbreviations(text: str, options: NormalizeOptions) -> str:
    """Expand abbreviations whose reading the neighbouring words make clear."""
    tables = _tables()

    def replace(m: re.Match[str]) -> str:
        if m.group("slashed"):
            return tables.anywhere[m.group("slashed")]
        key, dot = m.group("key"), bool(m.group("dot"))
        shouted = key.isupper()
        if key in tables.in_capitals:
            if not dot:
                return m.group(0)
            key = tables.in_capitals[key]  # "MRS. O'BRIEN" is "Mrs. O'Brien"
        text, start, end = m.string, m.start(), m.end()
        before_capital = _NEXT_CAPITALIZED.match(text, end) is not None
        keep = "." if dot and ends_sentence(text, end) and key not in tables.keep_no_period else ""
        if keep and (_OPENS_SENTENCE.search(text, max(0, start - 40), start)
                     or (key in tables.title_opening and _TITLE_GOES_ON.match(text, end))):
            # A sentence of one abbreviation is no sentence: "MS. Found in a Bottle" (a title,
            # Poe) goes on, where "He wrote the MS. Then he slept." ends at the period; so does
            # the title mid-sentence, "Poe's MS. Found in a Bottle", told by its title case.
            keep = ""
        if keep and shouted and _NEXT_CAPITALS.match(text, end):
            keep = ""  # a shouted line goes on after "MAIN ST." or "WARNER BROS." to "TONIGHT"

        if key in tables.after_and_capitals:
            if dot and _AND_BEFORE.search(text, max(0, start - 6), start):
                return tables.after_and_capitals[key] + keep  # "SMITH, ELDER AND CO."
            if key in tables.after_capitals and _CAPITALS_BEFORE.search(text, max(0, start - 40), start):
                return tables.after_and_capitals[key] + keep  # "WARNER BROS."
            return m.group(0)
        if key in _SAINT_OR_STREET:
            saint, street = _SAINT_OR_STREET[key]
            if key == "Dr" and before_capital:
                return saint  # a title before a name beats "Drive" ("Ask Dr. No.")
            if key == "St" and before_capital and _saint_by_neighbours(text, start, end, tables):
                return saint  # "Lord St. Simon", "Neville St. Clair", "St. Paul's" (issue 11)
            if _after_a_name(text, start, tables):
                return street + keep
            if before_capital:
                return saint
            if not dot:
                return m.group(0)
            return saint if key == "Dr" else street + keep  # "the Dr. said": a doctor
        if key in tables.after_name and (
            _after_a_name(text, start, tables)
            or (dot and _NAME_AND_COMMA.search(text, max(0, start - 40), start))
            or (key in tables.after_and and _AND_BEFORE.search(text, max(0, start - 6), start))
        ):
            return tables.after_name[key] + keep  # "Elm Rd.", "Gribble, Esq.", "Harper and Co."
        if key in tables.title and before_capital and (dot or key in tables.dot_optional):
            return tables.title[key]
        if key in tables.title_always and dot:
            return tables.title[key]  # "Mr. and Mrs. Smith"
        if key in tables.before_number and dot and _NEXT_DIGIT.match(text, end):
            return tables.before_number[key]
        if key in tables.anywhere:
            if key in tables.anywhere_needs_dot and not dot:
                return m.group(0)
            if key in tables.comma_or_digit and not _NEXT_COMMA_OR_DIGIT.match(text, end):
                return m.group(0)
            if _DIGIT_BEFORE.search(text, max(0, start - 2), start):
                return m.group(0)  # "5 min." is a unit, not "minimum"
            return tables.anywhere[key] + keep
        return m.group(0)

    def catalogue(m: re.Match[str]) -> str:
        # "Nos. 12345 and 12346", "Nos. 12345-12350": every number of the list alike
        numbers = _CATALOGUE_RANGE.sub(" to ", m.group("digits"))
        return f"{tables.before_number[m.group('key')]} {_DIGIT_RUN.sub(lambda d: numwords.digits(d.group(0)), numbers)}"

    if "." in text:
        text = tables.catalogue.sub(guarded(catalogue, options.strict), text)
    return tables.pattern.sub(guarded(replace, options.strict), text)


__all__ = ["expand_abbreviations"]
