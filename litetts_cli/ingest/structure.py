"""From pieces of spine files to the chapters a listener expects.

The table of contents is a tree. Chapters are taken at one level of it: by default an
entry is a chapter with everything below it (its sections are read as part of it),
unless it is a *container*, a part or book whose children are chapters of their own
(by its ``epub:type``, its title "Part One"/"Book II", chapter-like child titles, or
long children). ``toc_depth`` picks the level instead. An entry with almost no text of
its own (a part title page) is a *divider*: it joins the chapter that follows, whose
title becomes "Part One: Chapter 1".
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from litetts_cli.ingest.epub_nav import NavLink
from litetts_cli.ingest.reading import count_words
from litetts_cli.ingest.xhtml import Section

DIVIDER_WORDS = 25
"""A TOC entry with at most this many words of its own is a divider page."""
_LONG_CHILDREN = 800
"""Children this long (median words) are chapters of their own, not sections."""

_PART_TYPES = frozenset({"part", "volume", "book", "division"})
_CHAPTER_TYPES = frozenset({"chapter"})
# A whole work (a short story in a collection): its numbered sections are read inside it.
_WORK_TYPES = frozenset({"se:short-story", "se:novella", "z3998:short-story", "z3998:novella"})
_NUMBER = r"(?:\d{1,4}|[ivxlcdm]{1,8}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|the \w+)"
_PART_TITLE = re.compile(
    rf"^(?:part|book|volume|vol\.?|partie|livre|tome|teil|buch|libro|parte|tomo|deel|boek)\s+{_NUMBER}\b",
    re.IGNORECASE,
)
_CHAPTER_TITLE = re.compile(
    rf"^(?:(?:chapter|chap\.?|chapitre|kapitel|cap[ií]tulo|capitolo|hoofdstuk|letter|canto|stave|act)\s+{_NUMBER}\b"
    r"|[ivxlcdm]{1,8}\.?$|\d{1,4}\.?$|[ivxlcdm]{1,8}[.:]\s|\d{1,4}[.:]\s+\D)",
    re.IGNORECASE,
)

_SECTION_NUMBER = re.compile(r"^(?:[A-Z]|\d{1,3})(?:\.\d{1,3})+\.?\s")


@dataclass
class Part:
    """A section of one spine file, before it becomes (part of) a chapter or is skipped."""

    section: Section
    titles: list[str]
    """Its table-of-contents titles (several when entries point to the same place)."""
    kinds: set[str]
    """Guide/landmark types and epub:type/role values: what kind of page it is."""
    source: str
    file_stem: str | None
    """The file's name without extension, when the part starts the file."""
    node: int | None = None
    """The deepest TOC entry that starts this part (index into the TOC list)."""
    language: str = ""
    reason: str | None = None
    """Why it would be skipped as front/back matter (kept when asked to read those)."""

    @property
    def heading_title(self) -> str:
        return self.section.first_heading

    @property
    def words(self) -> int:
        return sum(count_words(p) for p in self.section.paragraphs)


@dataclass
class Group:
    """Parts that become one chapter, in reading order."""

    parts: list[Part] = field(default_factory=list)
    key: int | None = None
    """The TOC entry heading the chapter, if any."""
    title: str = ""
    children: list[dict] = field(default_factory=list)
    prefix_titles: list[str] = field(default_factory=list)
    """Titles of divider entries merged into this chapter ("Part One")."""
    parents: list[str] = field(default_factory=list)
    """Titles of the TOC entries above the chapter's own."""

    @property
    def words(self) -> int:
        return sum(p.words for p in self.parts)


def chapter_heads(toc: list[NavLink], own_words: dict[int, int], own_types: dict[int, set[str]],
                  toc_depth: int | None) -> dict[int, int]:
    """For every TOC entry, the entry that heads its chapter.

    Args:
        toc: the flattened TOC with parents.
        own_words: words in the parts each entry starts (not its descendants').
        own_types: epub:type values of each entry's parts.
        toc_depth: take chapters at this level (1 = top); ``None`` chooses.
    """
    children: dict[int | None, list[int]] = {}
    for index, link in enumerate(toc):
        children.setdefault(link.parent, []).append(index)
    subtree: dict[int, int] = {}
    for index in reversed(range(len(toc))):
        subtree[index] = own_words.get(index, 0) + sum(subtree[c] for c in children.get(index, []))

    def is_container(index: int) -> bool:
        kids = children.get(index, [])
        if not kids:
            return False
        if toc_depth is not None:
            return toc[index].depth < toc_depth
        level_words = sum(subtree[s] for s in children.get(toc[index].parent, []))
        if len(kids) > 1 and subtree[index] >= 0.6 * level_words:
            return True  # most of the book under one entry: the book's own title (Pandoc, Sphinx)
        if own_types.get(index, set()) & _PART_TYPES or _PART_TITLE.match(toc[index].title):
            return True
        if own_types.get(index, set()) & _WORK_TYPES:
            return False
        chapter_like = sum(
            1 for k in kids if own_types.get(k, set()) & _CHAPTER_TYPES or _CHAPTER_TITLE.match(toc[k].title)
        )
        if chapter_like * 2 > len(kids):
            return True
        if sum(1 for k in kids if _SECTION_NUMBER.match(toc[k].title)) * 2 > len(kids):
            return False  # "15.1 Indentation": numbered sections of a chapter
        # Long children under a page with hardly any text of its own (a part or a
        # collection's title page) are chapters; a manual's chapter opening with its
        # own introduction or contents list keeps its sections.
        return (
            len(kids) > 1
            and own_words.get(index, 0) <= 2 * DIVIDER_WORDS
            and statistics.median(subtree[k] for k in kids) >= _LONG_CHILDREN
        )

    heads: dict[int, int] = {}

    def assign(index: int, head: int | None) -> None:
        if head is None and not is_container(index):
            head = index
        heads[index] = index if head is None else head
        for kid in children.get(index, []):
            assign(kid, head)

    for root in children.get(None, []):
        assign(root, None)
    return heads


def containers(heads: dict[int, int], toc: list[NavLink]) -> set[int]:
    """Entries that head a chapter of their own while their children head others."""
    return {toc[i].parent for i, head in heads.items() if head == i and toc[i].parent is not None
            and heads.get(toc[i].parent) == toc[i].parent}


def child_tree(toc: list[NavLink], head: int, heads: dict[int, int], words: dict[int, int]) -> list[dict]:
    """The TOC entries under ``head`` that were folded into its chapter, as a tree."""
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    for index, link in enumerate(toc):
        if index == head or heads.get(index) != head:
            continue
        node = {"title": link.title, "words": words.get(index, 0), "children": []}
        nodes[index] = node
        parent = nodes.get(link.parent) if link.parent is not None else None
        (parent["children"] if parent is not None else roots).append(node)
    return roots


def ancestors(toc: list[NavLink], index: int) -> list[str]:
    """Titles of the entries above ``index``, outermost first."""
    titles = []
    parent = toc[index].parent
    while parent is not None:
        titles.append(toc[parent].title)
        parent = toc[parent].parent
    return titles[::-1]


def is_divider(group: Group, containers: set[int], following: Group | None = None) -> bool:
    """A page with little more than its own title: "Part One", "Book the First".

    Short, and either a part by its TOC place (its entries are chapters of their own),
    its type or its title, or nothing but headings. A page that says it is a chapter is
    one even with no text: Tristram Shandy's blank chapters XVIII and XIX are announced
    on their own, not read as "Book IX: XVIII: XIX: XX"; so is one untyped but titled
    like the chapter that follows it (Gutenberg's "Chapter 4.LXXVII." before "Chapter
    4.LXXVIII.", a part's "Act I" before "Scene I" still joins it).
    """
    if group.words > DIVIDER_WORDS:
        return False
    if group.key is not None and group.key in containers:
        return True
    kinds = set().union(*(p.kinds for p in group.parts))
    if group.key is None and (kinds & _PART_TYPES or _PART_TITLE.match(group.title)):
        return True
    if kinds & _CHAPTER_TYPES and not kinds & _PART_TYPES:
        return False
    label = _chapter_label(group.title)
    if following is not None and label is not None and label == _chapter_label(following.title) and (
        group.title.strip().lower() != following.title.strip().lower()  # one chapter's two pages
    ):
        return False
    return all(len(p.section.heading_indices) == len(p.section.paragraphs) for p in group.parts)


def _chapter_label(title: str) -> str | None:
    """What a chapter-like title calls its chapters ("chapter", "letter"; "" for a bare
    number such as "XVIII."); None when the title does not number a chapter."""
    title = title.strip()
    if not _CHAPTER_TITLE.match(title):
        return None
    first = title.split(maxsplit=1)[0].rstrip(".:").lower()
    return first if first.isalpha() and not re.fullmatch(r"[ivxlcdm]+", first) else ""
