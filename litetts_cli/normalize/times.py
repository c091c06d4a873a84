"""Clock times: "7:30 a.m.", "3:05 PM" ("three oh five P M"), "14:00" ("fourteen hundred")."""

from __future__ import annotations

import re

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import ends_sentence, guarded, spell_letters
from litetts_cli.normalize.options import NormalizeOptions

_MERIDIEM = r"(?P<{name}>[aApP]\.\s?[mM]\.|[aApP][mM](?![A-Za-z])|[AP]\.M(?![A-Za-z]))"
_CLOCK = r"(?P<{h}>[01]?[0-9]|2[0-3]):(?P<{m}>[0-5][0-9])(?::(?P<{s}>[0-5][0-9]))?(?![0-9]|:[0-9])"
_HOUR = r"(?P<{h}>1[0-2]|0?[1-9])"


def _time(n: str) -> str:
    clock = _CLOCK.format(h=f"h{n}", m=f"m{n}", s=f"s{n}")
    meridiem = _MERIDIEM.format(name=f"ap{n}")
    hour_only = _HOUR.format(h=f"ho{n}")
    return rf"(?:{clock}(?:\s?{meridiem})?|{hour_only}\s?{meridiem.replace(f'ap{n}', f'apo{n}')})"


_PATTERN = re.compile(rf"(?<![0-9A-Za-z:.,$])(?:{_time('1')})(?:\s?(?:-|–|to)\s?(?:{_time('2')}))?")


_DOTTED = re.compile(
    r"(?P<ctx>\b(?:at|by|until|till|before|after|about)[ \t])?"
    rf"(?<![0-9A-Za-z:.,$£])(?P<dh>[01]?[0-9]|2[0-3])\.(?P<dm>[0-5][0-9])(?![0-9])"
    rf"(?:\s?{_MERIDIEM.format(name='dap')}|(?(ctx)(?=\s+(?:in the|o'clock)\b|[,;)]|\.(?![0-9])|$)|(?!)))"
)
"""British clock times with a period: "11.40 a.m.", "at 7.30 in the evening" (the issue 11
corpus: Around the World in Eighty Days). Without a.m./p.m. only after "at", "by" and
the like, and before a pause or "in the", so "at 3.50 per cent" stays a number."""


def _meridiem_words(token: str) -> str:
    return spell_letters(token[0] + "M")


def read_time(hour: int, minute: int, second: int | None, meridiem: str | None, british: bool) -> str:
    """One clock time as words; ``meridiem`` is the a.m./p.m. token as written, if any."""
    if meridiem:
        words = numwords.cardinal(hour)
        if minute:
            words += " " + _minutes(minute)
        return f"{words} {_meridiem_words(meridiem)}"
    if minute == 0 and second is None:
        if hour == 0:
            return "midnight" if british else "zero hundred"
        if hour > 12:
            return f"{numwords.cardinal(hour)} hundred"
        return f"{numwords.cardinal(hour)} o'clock"
    words = f"{numwords.cardinal(hour)} {_minutes(minute)}"
    if second:
        unit = "second" if second == 1 else "seconds"
        words += f" and {numwords.cardinal(second)} {unit}"
    return words


def _minutes(minute: int) -> str:
    if minute < 10:
        return f"oh {numwords.DIGITS[minute]}"
    return numwords.cardinal(minute)


def expand_times(text: str, options: NormalizeOptions) -> str:
    """Rewrite clock times as words; a final "a.m." that ends a sentence keeps its period."""

    def one(m: re.Match[str], n: str) -> str | None:
        g = m.group
        if g(f"h{n}") is not None:
            second = g(f"s{n}")
            return read_time(
                int(g(f"h{n}")),
                int(g(f"m{n}")),
                int(second) if second else None,
                g(f"ap{n}"),
                options.british,
            )
        if g(f"ho{n}") is not None:
            return read_time(int(g(f"ho{n}")), 0, None, g(f"apo{n}"), options.british)
        return None

    def replace(m: re.Match[str]) -> str:
        words = one(m, "1") or ""
        second = one(m, "2")
        if second:
            words += " to " + second
        if m.group(0).endswith(".") and ends_sentence(m.string, m.end()):
            words += "."
        return words

    def dotted(m: re.Match[str]) -> str:
        words = (m.group("ctx") or "") + read_time(
            int(m.group("dh")), int(m.group("dm")), None, m.group("dap"), options.british
        )
        if m.group("dap") and m.group(0).endswith(".") and ends_sentence(m.string, m.end()):
            words += "."
        return words

    if "." in text:
        text = _DOTTED.sub(guarded(dotted, options.strict), text)
    return _PATTERN.sub(guarded(replace, options.strict), text)


__all__ = ["expand_times", "read_time"]
