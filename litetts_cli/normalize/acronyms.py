"""All-caps words: spell initialisms ("FBI" -> "F B I"), read acronyms as words ("NASA"),
and do not spell out a shouted sentence or heading letter by letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from litetts_cli.normalize.base import A_LETTER, alternation, guarded, load_json, spell_letters
from litetts_cli.normalize import numwords
from litetts_cli.normalize.options import NormalizeOptions
from litetts_cli.normalize.roman import roman_value

_TOKEN = re.compile(r"(?<![\w&'])(?=[A-Za-z])(?:[a-z0-9&]*[A-Z]){2}[A-Za-z0-9&]*(?P<poss>['’](?:[sS]|[tT]|[dD]|[mM]|LL|ll|RE|re|VE|ve))?(?![\w&])")
"""An all-caps word with a possessive or contraction after it ("FEAST'S", "DON'T"): the
ending is spoken as its lower-case self, never re-cased with the word ("Feast'S")."""
_DOTTED = re.compile(r"(?<![A-Za-z.])(?P<letters>(?:[A-Z]\.){2,}(?!s\.[A-Za-z])|(?:[a-z]\.){2,})(?P<plural>s)?(?![A-Za-z])")
"""Dotted initialisms, with a plural "s" ("I.O.U.s", "M.P.s": issue 11's corpus scan)."""
_ROMAN = re.compile(r"(?=[IVX]{2,})(?=[X]*[IV])X{0,3}(?:IX|IV|VI{0,3}|I{1,3})")
"""II to XXXIX in a shouted line is a number, not a word to capitalize ("Ii")."""
_ELIDED_NAME = re.compile(r"(?<![\w'’])(?P<head>[OD]['’])(?P<name>[A-Z]{2,})(?P<poss>['’][sS])?(?![\w'’])")
"""A name with an elided "O'" or "D'" in a shouted line: "O'BRIEN'S" -> "O'Brien's"."""
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*|[.!?\n]+")
_WORD = re.compile(r"[A-Za-z]{2,}")
_VOWELS = frozenset("AEIOU")
_ONSETS = frozenset(
    [
        "B",
        "BL",
        "BR",
        "C",
        "CH",
        "CL",
        "CR",
        "D",
        "DR",
        "F",
        "FL",
        "FR",
        "G",
        "GL",
        "GN",
        "GR",
        "H",
        "J",
        "K",
        "KL",
        "KN",
        "KR",
        "L",
        "M",
        "N",
        "P",
        "PH",
        "PL",
        "PR",
        "QU",
        "R",
        "S",
        "SC",
        "SCR",
        "SH",
        "SK",
        "SL",
        "SM",
        "SN",
        "SP",
        "SPL",
        "SPR",
        "SQU",
        "ST",
        "STR",
        "SW",
        "T",
        "TH",
        "THR",
        "TR",
        "TW",
        "V",
        "W",
        "WH",
        "WR",
        "Y",
        "Z",
    ]
)


@dataclass(frozen=True)
class _Tables:
    spell: frozenset[str]
    words: dict[str, str]
    common: frozenset[str]
    letter_a: re.Pattern[str]
    opener: re.Pattern[str]
    """A word that opens a sentence right after dotted initials."""


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = load_json("acronyms.json")
    cues = alternation(data["letter_a_after"])
    return _Tables(
        spell=frozenset(data["spell"]),
        words=data["words"],
        common=frozenset(data["common_words"]),
        letter_a=re.compile(rf"(?<![A-Za-z])(?P<cue>(?i:{cues}))[ \t]+A(?![\w'])"),
        opener=re.compile(rf"[\"'”’)]*[ \t]+[\"'“‘(]?(?:{alternation(data['sentence_openers'])})(?![\w'])"),
    )


def pronounceable(word: str) -> bool:
    """A rough test of whether an unknown all-caps word can be read as a word ("NASA")."""
    word = word.upper()
    first_vowel = next((i for i, c in enumerate(word) if c in _VOWELS or (c == "Y" and i)), None)
    if first_vowel is None:
        return False
    if first_vowel and word[:first_vowel] not in _ONSETS:
        return False
    run = 0
    for char in word[first_vowel:]:
        run = 0 if char in _VOWELS or char == "Y" else run + 1
        if run > 2:
            return False
    return True


def is_shouted(sentence: str) -> bool:
    """Most words in capitals: a heading or a shouted line, to be read as words."""
    words = _WORD.findall(sentence)
    capitals = sum(1 for w in words if w.isupper())
    return capitals >= 2 and capitals >= 0.6 * len(words)


def read_token(token: str, shouted: bool, tables: _Tables) -> str:
    """How one all-caps token (maybe with a plural "s") should be written for espeak-ng."""
    if token in tables.words:
        return tables.words[token]
    plural = ""
    base = token
    if token.endswith("s") and token[:-1].isupper() and len(token) > 2:
        base, plural = token[:-1], "s"
    if base in tables.words:
        return tables.words[base] + plural
    if any(c.isdigit() for c in base) or not base.replace("&", "").isupper():
        return token
    if shouted and _ROMAN.fullmatch(base):
        return numwords.cardinal(roman_value(base))  # "II. THE OCTAVO WHALE" (Moby-Dick)
    if shouted and (base in tables.common or (len(base) >= 3 and base not in tables.spell and pronounceable(base))):
        return token.capitalize()
    if base in tables.spell:
        return _spell(base, plural)
    if base in tables.common:
        return token.lower()
    if shouted or (len(base) > 3 and pronounceable(base)) or _long_word(base):
        return token.capitalize()
    return _spell(base, plural)


def _long_word(letters: str) -> bool:
    """Six capitals or more with a vowel are a word set in capitals ("EXTRACTS",
    "NIGHTINGALE", "PSALMS" in headings of the issue 11 corpus), not an initialism."""
    return len(letters) >= 6 and any(c in _VOWELS for c in letters)


def _elided_name(m: re.Match[str]) -> str:
    return m.group("head") + m.group("name").capitalize() + (m.group("poss") or "").lower()


def _spell(letters: str, plural: str) -> str:
    return " and ".join(
        spell_letters(part, plural=plural if i == letters.count("&") else "")
        for i, part in enumerate(letters.split("&"))
        if part
    )


def expand_acronyms(text: str, options: NormalizeOptions) -> str:
    """Rewrite all-caps words and dotted initialisms for reading aloud."""
    tables = _tables()
    strict = options.strict

    def dotted(m: re.Match[str]) -> str:
        words = spell_letters(m.group("letters").replace(".", ""), plural="s" if m.group("plural") else "")
        # "in the U.S." at a line's end, "the G.C.L. I almost wish" (Babbitt): the period also
        # ends the sentence; "U.S. Army" goes on.
        ends = _LINE_END.match(m.string, m.end()) or tables.opener.match(m.string, m.end())
        return words + "." if ends else words

    def letter_a(m: re.Match[str]) -> str:
        return f"{m.group('cue')} {A_LETTER}"

    if "." in text:
        text = _DOTTED.sub(guarded(dotted, strict), text)
    if " A" in text:
        text = tables.letter_a.sub(guarded(letter_a, strict), text)
    if not _TOKEN.search(text):
        return text

    pieces = []
    for sentence in _SENTENCE.finditer(text):
        chunk = sentence.group(0)
        shouted = is_shouted(chunk)
        if shouted:
            chunk = _ELIDED_NAME.sub(_elided_name, chunk)

        def replace(m: re.Match[str], shouted: bool = shouted) -> str:
            token = m.group(0)
            possessive = (m.group("poss") or "").lower().replace("’", "'")
            if possessive:
                token = token[: -len(possessive)]
            spoken = read_token(token, shouted, tables)
            if possessive and spoken.endswith(A_LETTER):
                return spoken[: -len(A_LETTER)] + "[A's](/ˈeɪz/)"  # "USA's"
            return spoken + possessive

        pieces.append(_TOKEN.sub(guarded(replace, strict), chunk))
    return "".join(pieces)


__all__ = ["expand_acronyms", "is_shouted", "pronounceable", "read_token"]
