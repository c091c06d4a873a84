"""Numbers left after money, dates, times and units: cardinals, ordinals, fractions,
percentages, ranges, phone numbers, versions and codes.

One regex with a named alternative per kind; the first that matches at a position wins,
so the order of ``_KINDS`` is the order of precedence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import A_LETTER, AIRLINE_CODE, alternation, guarded, load_json, spell_letters
from litetts_cli.normalize.money import NUMBER
from litetts_cli.normalize.options import NormalizeOptions


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    data = load_json("numbers.json")
    version_words = alternation(data["version_words"])
    kinds = [
        # (555) 123-4567, 555-123-4567, +1 555 123 4567, +44 20 7946 0958, 555-1234
        r"(?P<phone>(?:\+?1[-. ])?\(?[0-9]{3}\)?[-. ]?[0-9]{3}[-. ][0-9]{4}"
        r"|\+[0-9]{1,3}(?:[ -][0-9]{1,5}){2,5}|[0-9]{3}-[0-9]{4})(?![0-9]|[-.][0-9])",
        r"(?P<vprefix>v)(?P<vnum>[0-9]+(?:\.[0-9]+)*)(?![0-9A-Za-z])",
        rf"(?P<vword>(?i:{version_words}))\s(?P<vnum2>[0-9]+(?:\.[0-9]+)+)(?![0-9]|\.[0-9])",
        r"(?P<dotted>[0-9]+(?:\.[0-9]+){2,})(?![0-9]|\.[0-9])",
        rf"(?P<fl>(?i:flight))\s+(?:(?P<fl_l>{AIRLINE_CODE})\s?)?(?P<fl_n>[0-9]{{1,4}})"
        r"(?![0-9A-Za-z%]|[.,/:-][0-9])",
        r"(?P<code_l>[A-Z]{1,5})-(?P<code_n>[0-9]+)(?![0-9]|\.[0-9])",
        r"(?P<ord>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<ordsfx>st|nd|rd|th|ST|ND|RD|TH)(?![A-Za-z0-9])",
        r"(?P<mf_w>[0-9]+)\s(?P<mf_n>[0-9]+)/(?P<mf_d>[0-9]+)(?![0-9/])",
        r"(?P<frac>[0-9]+(?:/[0-9]+)+)(?![0-9])",
        rf"(?P<pc_neg>(?<![0-9A-Za-z])-)?(?P<pc>{NUMBER})(?:\s?(?:-|to)\s?(?P<pc2>{NUMBER}))?\s?(?P<pc_sign>%|‰)",
        rf"(?P<pw>{NUMBER})\^(?P<pw_e>-?[0-9]+)",
        r"(?P<lpw>[A-Za-z]{1,2})\^(?P<lpw_e>-?[0-9]+)",
        rf"(?P<dim1>{NUMBER})\s?[x×]\s?(?P<dim2>{NUMBER})(?:\s?[x×]\s?(?P<dim3>{NUMBER}))?(?![0-9A-Za-z])",
        r"(?P<ratio1>[0-9]+):(?P<ratio2>[0-9]+)(?![0-9])",
        rf"(?P<rg1>{NUMBER})-(?P<rg2>{NUMBER})(?![0-9]|-[0-9])",
        rf"(?P<sub1>{NUMBER}) [-—] (?P<sub2>{NUMBER})",
        rf"(?P<neg>(?<![0-9A-Za-z)])-)(?P<negnum>{NUMBER})",
        rf"(?P<plus>(?<![0-9A-Za-z)])\+)(?P<plusnum>{NUMBER})",
        r"#\s?(?P<hash>[0-9]+)(?![0-9])",
        r"(?P<pl>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)'?s(?![A-Za-z0-9])",
        r"(?P<mixed>[A-Za-z]+[0-9][A-Za-z0-9]*|[0-9]+[A-Za-z][A-Za-z0-9]*)",
        rf"(?P<plain>{NUMBER})",
    ]
    return re.compile(r"(?<![0-9A-Za-z_])(?:" + "|".join(kinds) + ")")


@lru_cache(maxsize=1)
def _fraction_specials() -> dict[str, str]:
    return load_json("numbers.json")["fraction_specials"]


@lru_cache(maxsize=1)
def _airliners() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """The model numbers with their variant ("747-400"), the maker and determiner cues, and
    the count nouns after which a number is a count ("the 747 passengers")."""
    planes = load_json("numbers.json")["airliners"]
    model = re.compile(
        rf"(?<![0-9A-Za-z_.,-])(?:(?P<model>{alternation(planes['models'])})|(?P<lettered>{alternation(planes['lettered'])}))"
        r"(?:-(?P<variant>[0-9]00))?(?P<neo>neo)?(?P<plural>s)?"
        r"(?![0-9A-Za-z]|[.,][0-9]|-[0-9A-Za-z])"
    )
    maker = re.compile(rf"(?<![A-Za-z])(?i:{alternation(planes['maker'])})[ \t]+$")
    before = re.compile(rf"(?<![A-Za-z])(?i:{alternation(planes['before'])})[ \t]+$")
    return model, maker, before, frozenset(load_json("units.json")["count_nouns"])


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
_VERBS_IN_S = frozenset({"is", "was", "has", "does"})


def _airliner(m: re.Match[str]) -> bool:
    """Whether "747" is a plane: after "Boeing", or after "the"/"a" with no count after it
    ("the 747 landed", not "the 747 passengers"); "747s" always is."""
    if m.group("plural") or m.group("lettered"):
        return True
    _, maker, before, _ = _airliners()
    head = m.string[max(0, m.start() - 20) : m.start()]
    if maker.search(head):
        return True
    return bool(before.search(head)) and not _count_follows(m.string, m.end())


def _count_follows(text: str, end: int) -> bool:
    """Whether the word after a number makes it a count: "747 passengers", "300 miles"."""
    following = _NEXT_WORD.match(text, end)
    word = following.group(1) if following else ""
    plural = word.islower() and word.endswith("s") and word not in _VERBS_IN_S
    return plural or word.lower() in _airliners()[3]


def _plane(m: re.Match[str]) -> str:
    """ "the 747" -> "the seven forty-seven", "Boeing 737-800" -> "... thirty-seven eight hundred",
    "A380" -> "A three eighty"."""
    if not _airliner(m):
        return m.group(0)
    variant, lettered = m.group("variant"), m.group("lettered")
    words = f"{_letters(lettered[0])} {numwords.paired(lettered[1:])}" if lettered else numwords.paired(m.group("model"))
    words += (f" {numwords.cardinal(int(variant))}" if variant else "") + (" neo" if m.group("neo") else "")
    return numwords.plural_words(words) if m.group("plural") else words


_RUNS = re.compile(r"[0-9]+|[A-Za-z]+")
_LEFTOVER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


def phone(text: str) -> str:
    """Digit by digit in the written groups: "(555) 123-4567" -> "five five five, one two ..."."""
    groups = re.findall(r"[0-9]+", text)
    words = ", ".join(numwords.digits(g, zero="oh") for g in groups)
    return ("plus " + words) if text.lstrip().startswith("+") else words


def version(text: str) -> str:
    """ "2.0" -> "two point oh", "3.11" -> "three point eleven"."""
    return " point ".join(numwords.version_part(p) for p in text.split("."))


def _dotted(text: str) -> str:
    parts = text.split(".")
    if len(parts) == 4 and all(len(p) <= 3 and int(p) <= 255 for p in parts):
        return " dot ".join(numwords.cardinal(int(p)) for p in parts)  # an IPv4 address
    return version(text)


def _letters(run: str) -> str:
    if run == "A":
        return A_LETTER
    if len(run) <= 3 and (run.isupper() or len(run) == 1 or not re.search("[aeiouy]", run)):
        return spell_letters(run)
    return run


def _mixed(token: str, british: bool) -> str:
    if re.fullmatch(r"[0-9]+x", token):
        return numwords.integer_or_digits(token[:-1], british) + " times"
    parts = []
    for run in _RUNS.findall(token):
        if run.isdigit():
            parts.append(numwords.integer_or_digits(run, british) if len(run) <= 4 else numwords.digits(run))
        else:
            parts.append(_letters(run))
    return " ".join(parts)


def _plural_number(text: str, british: bool) -> str:
    text = text.replace(",", "")
    words = numwords.plural_words(numwords.integer_or_digits(text, british))
    return words[4:] if words.startswith("one ") and text.endswith("00") else words


def _fraction(text: str, british: bool) -> str:
    special = _fraction_specials().get(text)
    if special:
        return special
    parts = [int(p) for p in text.split("/")]
    if len(parts) == 2:
        return numwords.fraction(parts[0], parts[1], british)
    return " slash ".join(numwords.cardinal(p, british) for p in parts)


def _power(exponent: str, british: bool) -> str:
    if exponent == "2":
        return "squared"
    if exponent == "3":
        return "cubed"
    sign = "minus " if exponent.startswith("-") else ""
    return f"to the power of {sign}{numwords.cardinal(int(exponent.lstrip('-')), british)}"


def expand_numbers(text: str, options: NormalizeOptions) -> str:
    """Rewrite every remaining number as words."""
    british = options.british
    say = lambda number: numwords.plain_number(number, british)  # noqa: E731

    def replace(m: re.Match[str]) -> str:
        g = m.group
        kind = m.lastgroup
        if g("plain") is not None:
            number = g("plain")
            if "," in number or "." in number:
                return say(number)
            return numwords.integer_or_digits(number, british)
        if g("phone"):
            return phone(g("phone"))
        if g("vprefix"):
            return "version " + version(g("vnum"))
        if g("vword"):
            return f"{g('vword')} {version(g('vnum2'))}"
        if g("dotted"):
            return _dotted(g("dotted"))
        if g("fl"):
            # "Flight 747", "flight BA 123": read in pairs, as crews do; "a flight 300 miles long" counts
            if g("fl_l"):
                return f"{g('fl')} {spell_letters(g('fl_l'))} {numwords.paired(g('fl_n'))}"
            if _count_follows(m.string, m.end()):
                return f"{g('fl')} {numwords.integer_or_digits(g('fl_n'), british)}"
            return f"{g('fl')} {numwords.paired(g('fl_n'))}"
        if g("code_l"):
            digits = g("code_n")
            spoken = numwords.paired(digits) if len(digits) >= 3 else numwords.integer_or_digits(digits)
            return f"{_letters(g('code_l'))} {spoken}"
        if g("ord"):
            return numwords.ordinal(int(g("ord").replace(",", "")), british)
        if g("mf_w"):
            return numwords.mixed_fraction(int(g("mf_w")), int(g("mf_n")), int(g("mf_d")), british)
        if g("frac"):
            return _fraction(g("frac"), british)
        if g("pc"):
            words = ("minus " if g("pc_neg") else "") + say(g("pc"))
            if g("pc2"):
                words += " to " + say(g("pc2"))
            return words + (" percent" if g("pc_sign") == "%" else " per mille")
        if g("pw"):
            return f"{say(g('pw'))} {_power(g('pw_e'), british)}"
        if g("lpw"):
            return f"{_letters(g('lpw'))} {_power(g('lpw_e'), british)}"
        if g("dim1"):
            dims = [d for d in (g("dim1"), g("dim2"), g("dim3")) if d]
            return " by ".join(say(d) for d in dims)
        if g("ratio1"):
            return f"{say(g('ratio1'))} to {say(g('ratio2'))}"
        if g("rg1"):
            return f"{say(g('rg1'))} to {say(g('rg2'))}"
        if g("sub1"):
            return f"{say(g('sub1'))} minus {say(g('sub2'))}"
        if g("neg"):
            return "minus " + say(g("negnum"))
        if g("plus"):
            return "plus " + say(g("plusnum"))
        if g("hash"):
            return "number " + numwords.integer_or_digits(g("hash"), british)
        if g("pl"):
            return _plural_number(g("pl"), british)
        if g("mixed"):
            return _mixed(g("mixed"), british)
        raise AssertionError(f"unhandled number kind {kind}")  # the pattern has no other groups

    text = _airliners()[0].sub(guarded(_plane, options.strict), text)
    text = _pattern().sub(guarded(replace, options.strict), text)
    if any("0" <= c <= "9" for c in text):
        # Digits glued to words in ways no rule above expects ("x5y", "1.2BK6"): still say them.
        text = _LEFTOVER.sub(guarded(lambda m: f" {say(m.group(0))} ", options.strict), text)
    return text


__all__ = ["expand_numbers", "phone", "version"]
