"""Character-level cleanup: Unicode forms, invisible characters, quotes, dashes, ellipses,
footnote markers and markup left over from HTML or Markdown.

Everything here is language-independent, so non-English text gets it too.
"""

from __future__ import annotations

import html
import re
import unicodedata

from litetts_cli.normalize.options import NormalizeOptions

_PRIVATE_OR_CONTROL = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)
_JOINED_AFTER_PERIOD = re.compile("(?<=[A-Za-z]\\.)[\u2060\u200b\ufeff]+(?=[A-Za-z])")
"""A word joiner between an abbreviation and a word ("St.\u2060Simon", as Standard Ebooks
typesets it) stands for a space: dropping it would glue the two together."""
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069\u180e]")

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCK_TAGS = "p|div|br|hr|h[1-6]|li|ul|ol|tr|table|blockquote|section|article|header|footer|pre"
_INLINE_TAGS = (
    "a|b|i|u|s|em|strong|span|font|small|big|sup|sub|code|kbd|mark|abbr|cite|q|tt|strike|del|ins"
    "|img|td|th|thead|tbody|html|head|body|meta|link|nav|aside|figure|figcaption|label|time"
    "|speak|break|say-as|phoneme|prosody|emphasis|voice|lang|mark|audio"
)
_TAG = re.compile(rf"</?(?:({_BLOCK_TAGS})|{_INLINE_TAGS})\b(?:\s[^<>]*)?/?>", re.IGNORECASE)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)

_VULGAR = {
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5",
    "⅗": "3/5", "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8",
    "⅞": "7/8", "⅐": "1/7", "⅑": "1/9", "⅒": "1/10",
}  # fmt: skip
_VULGAR_RE = re.compile(f"([0-9]?)([{''.join(_VULGAR)}])")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
# Anchored at a word's start: unanchored, a long word without a superscript was
# rescanned from every one of its letters (quadratic; issue 20).
_SUPERSCRIPT_RUN = re.compile(f"(?<![0-9A-Za-z])([0-9A-Za-z]*)([{_SUPERSCRIPTS}]+)")
_DIGIT_BEFORE = re.compile(r"[0-9][ \u00a0]?$")

_BEFORE_NFKC = str.maketrans({"™": "", "℠": "", "®": "", "№": "No. ", "…": "...", "‥": ".."})
_AFTER_NFKC = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "〃": '"',
        "‐": "-", "‑": "-", "‒": "-", "−": "-", "⁄": "/", "∕": "/",
        "\t": " ", "\u3000": " ",
    }
)  # fmt: skip
_DOUBLE_PRIME = re.compile("''(?=[^A-Za-z]|$)")

_EN_DASH_DIGITS = re.compile(r"(?<=[0-9])\s?–\s?(?=[$£€¥-]?[0-9])")
_EN_DASH_WORDS = re.compile(r"(?<=\w)–(?=\w)")
_LONG_DASH = re.compile(r"\s*(?:—|―|–|⸺|⸻|(?<!-)--(?!-)|---)\s*|(?<=\w) - (?=[A-Za-z\"'(])")
_ELLIPSIS = re.compile(r"\.(?:\s?\.){2,}")

_FOOTNOTE = re.compile(
    r"(?<=[A-Za-z.,;:!?\"')…])\[(?:[0-9]{1,3}(?:[,–-][0-9]{1,3})*|[a-z]|note\s*[0-9]+"
    r"|citation needed|clarification needed|sic)\]",
    re.IGNORECASE,
)
_DAGGER = re.compile(r"(?<=[A-Za-z.,;:!?\"')])[†‡]+")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\((?!/)[^()\s]*\)")
_MD_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")
_MD_CODE = re.compile(r"`+([^`\n]*)`+")
_LINE_MARKERS = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+•·▪●◦‣][ \t]+)", re.MULTILINE)
_BOX_BORDER = re.compile(r"\+(?:[-=]{3,}\+)+")
"""The border of a table drawn in text ("+------+-----+"): a drawing, not words."""
_RULE_LINES = re.compile(r"^[ \t]*([=\-*_~#+])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)
_SPACES = re.compile(r"[ \u00a0]{2,}")
_TRAILING = re.compile(r"[ ]+\n|\n[ ]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def strip_unsafe(text: str) -> str:
    """Drop control and private-use characters, normalize line endings.

    Runs first, before markup is held: the normalizer uses private-use characters as
    placeholders, so none may come from the input.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _PRIVATE_OR_CONTROL.sub("", text)


_LONG_TOKENS: dict[int, re.Pattern[str]] = {}
# Chinese and Japanese are written without spaces: their runs are left alone.
_TOKEN_CHAR = "[^\\s\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"


def break_long_tokens(text: str, limit: int) -> str:
    """Cut every run of more than ``limit`` characters without a space into pieces of
    ``limit``, so a 10 MB "word" costs each later step linear time (issue 20).
    Chinese and Japanese characters never count as part of such a run."""
    pattern = _LONG_TOKENS.get(limit)
    if pattern is None:
        # Anchored at the run's start, so a run just under the limit is scanned once.
        pattern = _LONG_TOKENS.setdefault(limit, re.compile(rf"(?<!{_TOKEN_CHAR}){_TOKEN_CHAR}{{{limit + 1},}}"))

    def cut(match: re.Match[str]) -> str:
        run = match.group(0)
        return " ".join(run[i : i + limit] for i in range(0, len(run), limit))

    return pattern.sub(cut, text)


def _entity(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def _tag(match: re.Match[str]) -> str:
    return "\n" if match.group(1) else ""


def _vulgar(match: re.Match[str]) -> str:
    whole, char = match.groups()
    return f"{whole} {_VULGAR[char]}" if whole else _VULGAR[char]


def _superscript(match: re.Match[str]) -> str:
    """``10²`` and ``5 m²`` are powers; ``word¹`` is a footnote marker."""
    word, marks = match.groups()
    power = "^" + marks.translate(_SUPER_TO_DIGIT)
    start = match.start()
    if not word:
        before = match.string[start - 1] if start else " "
        return "" if before in ".,;:!?\"')" else marks.translate(_SUPER_TO_DIGIT)
    if any(c.isdigit() for c in word) or len(word) == 1:
        return word + power
    if len(word) == 2 and word.islower() and marks in ("²", "³"):
        return word + power  # "mc²"
    if len(word) <= 3 and _DIGIT_BEFORE.search(match.string, max(0, start - 2), start):
        return word + power
    return word


_ORDINAL_INDICATORS = re.compile("([ºª])")


def _nfkc(text: str, keep_ordinals: bool) -> str:
    """NFKC, except that Spanish, Italian and Portuguese ordinal indicators ("1º", "2ª",
    "n.º") survive for their normalizers: NFKC would make them plain "o" and "a"."""
    if not keep_ordinals or not _ORDINAL_INDICATORS.search(text):
        return unicodedata.normalize("NFKC", text)
    parts = _ORDINAL_INDICATORS.split(text)
    return "".join(p if p in ("º", "ª") else unicodedata.normalize("NFKC", p) for p in parts)


def clean(text: str, options: NormalizeOptions | None = None) -> str:
    """Unicode, punctuation and markup cleanup; see the module docstring."""
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
        text = _PRIVATE_OR_CONTROL.sub("", text)
    if "<" in text:
        text = _SCRIPT.sub("", text)
        text = _TAG.sub(_tag, text)
    text = _INVISIBLE.sub("", _JOINED_AFTER_PERIOD.sub(" ", text))
    text = _VULGAR_RE.sub(_vulgar, text)
    text = _SUPERSCRIPT_RUN.sub(_superscript, text)
    text = text.translate(_BEFORE_NFKC)
    if not text.isascii():
        text = _nfkc(text, keep_ordinals=options is not None and not options.is_english)
    text = text.translate(_AFTER_NFKC)
    text = _DOUBLE_PRIME.sub('"', text)
    text = _RULE_LINES.sub("", text)
    text = _BOX_BORDER.sub(" ", text)
    if "–" in text:
        text = _EN_DASH_DIGITS.sub("-", text)
        text = _EN_DASH_WORDS.sub("-", text)
    text = _LONG_DASH.sub(" — ", text)
    text = _ELLIPSIS.sub("…", text)
    if "[" in text:
        text = _MD_LINK.sub(r"\1", text)
        text = _FOOTNOTE.sub("", text)
    text = _DAGGER.sub("", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _LINE_MARKERS.sub("", text)
    return tidy(text)


_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[,.;:!?)…](?:\s|$|[\"')]))")
_SPACE_AFTER_OPEN = re.compile(r"\( +")


def tidy(text: str) -> str:
    """Collapse runs of spaces, trim line ends, keep at most one blank line."""
    text = _SPACES.sub(" ", text)
    text = _TRAILING.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip(" ")


def tidy_final(text: str) -> str:
    """:func:`tidy`, plus no space before closing punctuation left by expansions."""
    text = tidy(text)
    text = _SPACE_BEFORE_PUNCT.sub("", text)
    return _SPACE_AFTER_OPEN.sub("(", text).strip()


__all__ = ["break_long_tokens", "clean", "strip_unsafe", "tidy", "tidy_final"]
