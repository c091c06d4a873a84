"""Small text helpers shared by the ingest formats.

Every pattern here is linear in its input: a 10 MB paragraph with no punctuation
must pass through in one sweep (no nested or overlapping quantifiers).
"""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")
_HAS_WORD = re.compile(r"\w")
_LONE_SURROGATE = re.compile("[\udc80-\udcff]")

# Invisible characters that only steer line breaking or byte order; a soft hyphen
# left in "co\u00adoperate" would split the word for the phonemizer. ZWJ and ZWNJ
# are kept: they change how some scripts (and emoji) are written.
_INVISIBLE = {0x00AD: None, 0x200B: None, 0x2060: None, 0xFEFF: None}
# C0/C1 control characters other than whitespace: stray bytes from bad encodings.
_INVISIBLE.update({c: None for c in range(0x00, 0x20) if chr(c) not in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"})
_INVISIBLE.update({c: None for c in range(0x7F, 0xA0) if c != 0x85})

_TERMINAL = frozenset(".!?…:;")
_LINE_END = _TERMINAL | frozenset(",—–-。！？：；，、")
"""Marks that already give the end of a verse line its pause."""
_CLOSERS = frozenset("\"'”’»)]}")

# Bytes that are not valid UTF-8 come back from ``surrogateescape`` as U+DC80..U+DCFF;
# map each one to what the byte means in Windows-1252 (Latin-1 for its five holes).
_CP1252_FOR_ESCAPED = {
    0xDC00 + b: bytes([b]).decode("cp1252", errors="ignore") or bytes([b]).decode("latin-1")
    for b in range(0x80, 0x100)
}


def clean_text(text: str) -> str:
    """Drop invisible characters and collapse runs of whitespace to one space."""
    return _WHITESPACE.sub(" ", text.translate(_INVISIBLE)).strip()


# A page number after dot leaders ("Chapter 1 ........ 5") or a trailing note marker
# ("Preface*", "Introduction[1]") is not part of a title.
_TITLE_PAGE_NUMBER = re.compile(r"\s*(?:\.\s?){2,}\s*\d{1,5}\s*$|\s*…\s*\d{1,5}\s*$")
_TITLE_NOTE_MARKER = re.compile(r"(?<=\w)\s*(?:\[\d{1,3}\]|[*†‡]{1,3})$")


def clean_title(text: str) -> str:
    """A chapter title: whitespace collapsed, page numbers and note markers removed."""
    title = clean_text(text)
    title = _TITLE_PAGE_NUMBER.sub("", title)
    return _TITLE_NOTE_MARKER.sub("", title).strip()


def is_speakable(text: str) -> bool:
    """True if the text has a letter or digit (``* * *`` scene breaks have none)."""
    return _HAS_WORD.search(text) is not None


def ensure_terminal_punctuation(text: str) -> str:
    """Add a period when the text does not already end a sentence.

    List items, captions and alt text are often fragments; without a stop the
    speech runs straight into the next paragraph.
    """
    end = len(text)
    while end and text[end - 1] in _CLOSERS:
        end -= 1
    if not text or (end and text[end - 1] in _TERMINAL):
        return text
    return text + "."


def ensure_line_end(text: str) -> str:
    """A line of verse ended by a comma when it has no punctuation of its own, so the
    voice pauses there as a reader does ("Season of mists and mellow fruitfulness," is
    left alone; "The sedge has withered from the lake" gains one)."""
    end = len(text.rstrip())
    while end and text[end - 1] in _CLOSERS and not text[:end].endswith("/)"):
        end -= 1
    if not end or text[end - 1] in _LINE_END:
        return text
    return text.rstrip() + ","


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> tuple[str, str | None]:
    """Decode text that should be UTF-8, never failing.

    A byte-order mark wins; then UTF-8; then ``declared`` (an encoding the file
    names itself) if it is a real codec. Otherwise each byte that is not valid
    UTF-8 is read as Windows-1252, so a mostly-UTF-8 file with a few stray bytes
    keeps its good characters.

    Returns:
        The text and a warning for the user, or ``None`` if the bytes were clean.
    """
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            return text, None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), None
        except (LookupError, UnicodeDecodeError):
            pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(_LONE_SURROGATE.findall(escaped))
    warning = (
        f"{name}: {bad} byte(s) are not valid UTF-8 and were read as Windows-1252; "
        "if accented letters sound wrong, save the file as UTF-8"
    )
    return escaped.translate(_CP1252_FOR_ESCAPED), warning


def title_from_stem(stem: str) -> str:
    """A readable title from a file name: ``my_great-book`` -> ``my great-book``."""
    return clean_text(stem.replace("_", " ")) or "Untitled"
