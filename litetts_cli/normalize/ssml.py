"""A forgiving SSML subset, turned into plain text plus ``[pause:…]`` and ``[word](/ipa/)``.

Supported: ``<speak>``, ``<break time=… strength=…/>``, ``<say-as interpret-as=…>``
(characters, spell-out, cardinal, number, ordinal, digits, date, telephone), ``<sub alias>``,
``<phoneme ph>``, ``<p>`` and ``<s>``. Other tags are dropped and their text kept; markup
that does not parse is read as text. Nothing here raises on bad input.

Also ``spell(ABC)`` -> "A B C", outside SSML too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import spell_letters
from litetts_cli.normalize.cleanup import strip_unsafe
from litetts_cli.normalize.dates import read_date
from litetts_cli.normalize.numbers import phone
from litetts_cli.normalize.options import NormalizeOptions

_SSML_HINT = re.compile(
    r"<\s*/?\s*(?:speak|break|say-as|sub|phoneme|prosody|emphasis|voice|lang|audio|mark|p|s|w)\b[^<>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<\s*(/)?\s*([A-Za-z][\w:.-]*)((?:\s+[^<>]*?)?)\s*(/)?\s*>")
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))""")
_SPELL = re.compile(r"\bspell\(\s*([^()\n]{1,80}?)\s*\)")
_DURATION = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s)?\s*$", re.IGNORECASE)
_STRENGTH_MS = {"none": 0, "x-weak": 200, "weak": 350, "medium": 500, "strong": 800, "x-strong": 1200}
_MAX_PAUSE_MS = 60_000
_CONTENT_TAGS = frozenset({"say-as", "sub", "phoneme"})


def looks_like_ssml(text: str) -> bool:
    return "<" in text and _SSML_HINT.search(text) is not None


def pause(milliseconds: float) -> str:
    """``1500`` -> ``[pause:1.5s]``, ``500`` -> ``[pause:500ms]``."""
    milliseconds = max(0.0, min(float(milliseconds), _MAX_PAUSE_MS))
    if milliseconds >= 1000 and milliseconds % 100 == 0:
        return f"[pause:{milliseconds / 1000:g}s]"
    return f"[pause:{round(milliseconds)}ms]"


def _attributes(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(v for v in m.group(2, 3, 4) if v is not None)
        for m in _ATTRIBUTE.finditer(raw)
    }


def _break(attrs: dict[str, str]) -> str:
    duration = _DURATION.match(attrs.get("time", ""))
    if duration:
        value = float(duration.group(1))
        return pause(value if (duration.group(2) or "ms").lower() == "ms" else value * 1000)
    milliseconds = _STRENGTH_MS.get(attrs.get("strength", "medium").lower(), _STRENGTH_MS["medium"])
    return pause(milliseconds) if milliseconds else ""


def spell(text: str) -> str:
    """Letters by name, digits by name: "AB1" -> "A B one"."""
    parts = []
    for char in text:
        if char.isdigit() and char.isascii():
            parts.append(numwords.DIGITS[int(char)])
        elif char.isalpha():
            parts.append(spell_letters(char) if char.isascii() else char)
    return " ".join(parts)


def _say_as(content: str, attrs: dict[str, str], options: NormalizeOptions) -> str | None:
    """The spoken form, or None to let the normal categories read the content."""
    kind = attrs.get("interpret-as", "").lower()
    text = content.strip()
    digits = re.sub(r"[^0-9]", "", text)
    if kind in ("characters", "spell-out", "letters", "verbatim"):
        return spell(text)
    if kind == "digits":
        return numwords.digits(digits)
    if kind in ("cardinal", "number") and re.fullmatch(r"-?[0-9][0-9,]*(?:\.[0-9]+)?", text):
        words = numwords.plain_number(text.lstrip("-"), options.british)
        return ("minus " if text.startswith("-") else "") + words
    if kind == "ordinal" and digits and len(digits) < 30:
        return numwords.ordinal(int(digits), options.british)
    if kind == "telephone" and digits:
        return phone(text)
    if kind == "date":
        return _date(text, attrs.get("format", "mdy" if options.date_order == "us" else "dmy"), options)
    return None


def _date(text: str, fmt: str, options: NormalizeOptions) -> str | None:
    fields = re.findall(r"[0-9]+", text)
    fmt = fmt.lower()
    if len(fields) != len(fmt) or not set(fmt) <= set("dmy"):
        return None
    values = dict(zip(fmt, fields, strict=True))
    day = int(values["d"]) if "d" in values else None
    month = int(values["m"]) if "m" in values else None
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    order = "eu" if fmt.index("d" if "d" in fmt else fmt[0]) < fmt.find("m") else "us"
    return read_date(day, month, values.get("y"), order, options.british)


def _phoneme(content: str, attrs: dict[str, str]) -> str:
    ipa = re.sub(r"[/()\[\]\n]", "", attrs.get("ph", "")).strip()
    word = re.sub(r"[\[\]()\n]", "", content).strip()
    if not ipa:
        return content
    return f"[{word or 'x'}](/{ipa}/)"


def convert(text: str, options: NormalizeOptions, hold: Callable[[str], str] = str) -> str:
    """Turn SSML (if the text has any) and ``spell(...)`` into text and inline markup.

    ``hold`` protects a finished reading (a spelled word, a pause) from later categories.
    """
    if looks_like_ssml(text):
        text = _convert_ssml(text, options, hold)
    if "spell(" in text:
        text = _SPELL.sub(lambda m: hold(spell(m.group(1))), text)
    return text


def _text(raw: str) -> str:
    return strip_unsafe(html.unescape(raw)) if "&" in raw else raw


def _convert_ssml(text: str, options: NormalizeOptions, hold: Callable[[str], str]) -> str:
    out: list[str] = []
    stack: list[tuple[str, dict[str, str], int]] = []
    position = 0

    def close(name: str, attrs: dict[str, str], mark: int) -> None:
        content = "".join(out[mark:])
        del out[mark:]
        if name == "say-as":
            spoken = _say_as(content, attrs, options)
            out.append(content if spoken is None else f" {hold(spoken)} ")
        elif name == "sub":
            out.append(attrs.get("alias", content))
        elif name == "phoneme":
            out.append(hold(_phoneme(content, attrs)))

    for tag in _TAG.finditer(text):
        out.append(_text(text[position : tag.start()]))
        position = tag.end()
        closing, name, raw, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3), tag.group(4)
        attrs = _attributes(raw or "")
        if name == "break":
            if not closing:
                out.append(f" {hold(_break(attrs))} " if _break(attrs) else " ")
        elif name == "p":
            out.append("\n\n")
        elif name == "s":
            out.append("\n" if closing else "")
        elif name in _CONTENT_TAGS and not closing and not self_closing:
            stack.append((name, attrs, len(out)))
        elif name in _CONTENT_TAGS and closing:
            while stack:
                open_name, open_attrs, mark = stack.pop()
                close(open_name, open_attrs, mark)
                if open_name == name:
                    break
        # any other tag, open or closing: dropped, its text kept
    out.append(_text(text[position:]))
    while stack:  # unclosed elements end with the text
        close(*stack.pop())
    return "".join(out)


__all__ = ["convert", "looks_like_ssml", "pause", "spell"]
