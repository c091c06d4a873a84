"""Sentences of an XHTML page, each given an element with an id.

A block (a paragraph, heading, list item, table cell: a text element with no block
inside it) holding one sentence is itself the sentence's element; one holding more is
cut into ``<span>``s at sentence starts. A sentence start that falls inside an inline
child (``<em>Stop. Go.</em>``) is not cut there: the child stays whole, in the span of
the sentence it began in, so every element the page had keeps its content and
attributes. Text content is never changed; only spans and ids are added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from litetts_cli.g2p.sentences import sentence_starts
from litetts_cli.normalize.base import load_json

XHTML_NS = "http://www.w3.org/1999/xhtml"
_X = "{" + XHTML_NS + "}"
BLOCKS = frozenset(
    _X + tag for tag in (
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "figcaption", "caption",
        "td", "th", "div", "pre", "address", "section", "article", "aside", "header", "footer", "main", "nav",
        "figure", "table", "tr", "ol", "ul", "dl", "body", "hgroup",
    )
)
SKIPPED = frozenset(_X + tag for tag in ("script", "style", "head", "math", "svg", "rt", "rp"))
_WORD = re.compile(r"[\w'’]+", re.UNICODE)


@lru_cache(maxsize=1)
def _after_title() -> re.Pattern[str]:
    """A title's period ("Mr.", "Dr.", "St.") right before a sentence start: the normalizer
    expands these before sentences are split, so the page must not be cut there either."""
    titles = load_json("abbreviations.json")["title"]
    return re.compile(r"(?<![\w.])(?:" + "|".join(sorted(map(re.escape, titles), key=len, reverse=True)) + r")\.\s+$")


@dataclass(frozen=True)
class Mark:
    """One sentence of a page: the id of its element and its text."""

    id: str
    text: str


def words(text: str) -> list[str]:
    """Lower-case words for matching written sentences with spoken ones."""
    return [w.replace("’", "'").strip("'").lower() for w in _WORD.findall(text) if w.strip("'’")]


def _has_block(element) -> bool:
    return any(child.tag in BLOCKS for child in element.iterdescendants() if isinstance(child.tag, str))


def text_blocks(root) -> list:
    """Elements of the page that hold text directly and no block inside them, in order."""
    body = root.find(f"{_X}body")
    if body is None:
        return []
    found = []
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCKS or element.tag == f"{_X}body":
            continue
        if any(a.tag in SKIPPED for a in element.iterancestors()) or _has_block(element):
            continue
        if words("".join(element.itertext())):
            found.append(element)
    return found


class IdMaker:
    """Fresh ids (``prefix`` + number) that no element of the page has yet."""

    def __init__(self, root, prefix: str = "ra-s"):
        self.taken = {v for v in root.xpath("//@id")}
        self.prefix = prefix
        self.count = 0

    def new(self) -> str:
        while True:
            self.count += 1
            candidate = f"{self.prefix}{self.count}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def mark_sentences(root, ids: IdMaker | None = None) -> list[Mark]:
    """Give every sentence of the page's text blocks an element with an id; the marks in order."""
    ids = ids or IdMaker(root)
    marks: list[Mark] = []
    for block in text_blocks(root):
        marks.extend(_mark_block(block, ids))
    return marks


def _pieces(block) -> list[tuple[str, object]]:
    """The block's content in order: ("text", str) for its own text and tails,
    ("child", element) for each child (whole)."""
    pieces: list[tuple[str, object]] = [("text", block.text or "")]
    for child in block:
        pieces.append(("child", child))
        pieces.append(("text", child.tail or ""))
    return pieces


def _child_text(child) -> str:
    # Comments and processing instructions carry no text the reader sees.
    return "".join(child.itertext()) if isinstance(child.tag, str) else ""


def _mark_block(block, ids: IdMaker) -> list[Mark]:
    pieces = _pieces(block)
    texts = [p if kind == "text" else _child_text(p) for kind, p in pieces]
    full = "".join(texts)
    # Cut only inside the block's own text (or at a child's edge), never inside a child.
    bounds, position = [], 0
    for (kind, _), text in zip(pieces, texts):
        if kind == "text":
            bounds.append((position, position + len(text)))
        position += len(text)
    starts = [s for s in sentence_starts(full) if any(lo <= s <= hi for lo, hi in bounds)]
    starts = [s for i, s in enumerate(starts)
              if i == 0 or (words(full[starts[i - 1]:s]) and not _after_title().search(full[:s]))]
    if len(starts) <= 1:
        if "id" not in block.attrib:
            block.set("id", ids.new())
        return [Mark(block.get("id"), " ".join(full.split()))]
    return _wrap(block, pieces, texts, starts, ids)


def _wrap(block, pieces, texts, starts, ids: IdMaker) -> list[Mark]:
    """Rebuild the block's content as: leading text, then one span per sentence."""
    full = "".join(texts)
    cuts = starts[1:]
    spans = [etree.Element(f"{_X}span", id=ids.new()) for _ in starts]
    for child in list(block):
        block.remove(child)
    block.text = full[:starts[0]]
    current, position = 0, 0

    def append_text(text: str) -> None:
        span = spans[current]
        if len(span):
            span[-1].tail = (span[-1].tail or "") + text
        else:
            span.text = (span.text or "") + text

    for (kind, piece), text in zip(pieces, texts):
        end = position + len(text)
        if kind == "child":
            while current + 1 < len(spans) and cuts[current] <= position:
                current += 1
            piece.tail = None
            spans[current].append(piece)
        else:
            offset = max(position, starts[0])
            while offset < end:
                while current + 1 < len(spans) and cuts[current] <= offset:
                    current += 1
                stop = min(end, cuts[current]) if current < len(cuts) else end
                append_text(full[offset:stop])
                offset = stop
        position = end
    for span in spans:
        block.append(span)
    # Whitespace between sentences stays between the spans, outside them.
    marks = []
    for span, start, stop in zip(spans, starts, cuts + [len(full)]):
        _move_trailing_space(span)
        marks.append(Mark(span.get("id"), " ".join(full[start:stop].split())))
    return marks


def _move_trailing_space(span) -> None:
    last = span[-1] if len(span) else None
    text = (last.tail if last is not None else span.text) or ""
    stripped = text.rstrip()
    if stripped == text:
        return
    if last is not None:
        last.tail = stripped
    else:
        span.text = stripped
    span.tail = text[len(stripped):] + (span.tail or "")
