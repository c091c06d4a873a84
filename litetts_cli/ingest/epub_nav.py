"""EPUB navigation: table of contents (NCX or nav) as a tree, landmarks and guide.

Every href is resolved to a path relative to the package (OPF) directory, the way
ebooklib names manifest items, with percent-escapes decoded: a TOC link to
``Text/chapter%201.xhtml#ch2`` matches the item ``Text/chapter 1.xhtml``.

The table of contents is read here rather than from ebooklib's ``book.toc``: a label is
the whole text of its element, inline markup included (``The <tt>lb config</tt>
command``), and the nesting is kept, so that chapters can be taken at the level a
listener expects (:mod:`litetts_cli.ingest.structure`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

from ebooklib import epub
from lxml import etree

from litetts_cli.ingest.textutil import clean_text, clean_title
from litetts_cli.ingest.markup import parse_markup
from litetts_cli.ingest.xhtml import local_name, semantic_types


@dataclass(frozen=True)
class NavLink:
    """One table-of-contents entry, landmark or guide reference."""

    title: str
    path: str
    """Package-relative path of the target file."""
    fragment: str | None
    """Anchor id inside the file, if the link has one."""
    kind: str = ""
    """Landmark or guide type (``cover``, ``toc``, ...); empty for TOC entries."""
    depth: int = 1
    """TOC nesting level, 1 for top-level entries."""
    parent: int | None = None
    """Index of the parent entry in the flattened TOC list; ``None`` at the top."""


def resolve_href(base_dir: str, href: str) -> tuple[str, str | None] | None:
    """``(path, fragment)`` for an href relative to ``base_dir``; ``None`` if external."""
    href = (href or "").strip()
    if not href or "://" in href or href.startswith(("mailto:", "data:", "#")):
        return None
    raw_path, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(base_dir, unquote(raw_path)))
    return path, unquote(fragment) or None


def toc_links(book: epub.EpubBook) -> list[NavLink]:
    """The table of contents in reading order, each entry with its depth and parent.

    The EPUB 3 nav document's ``toc`` nav is preferred; the NCX is the fallback.
    An entry without a link (a heading in the nav such as "Part One") passes its
    title on to its first linked descendant ("Part One: Chapter 1").
    """
    for item in book.get_items():
        if isinstance(item, epub.EpubNav):
            links = _nav_toc(item)
            if links:
                return links
    for item in book.get_items():
        if isinstance(item, epub.EpubNcx) and item.content:
            return _ncx_toc(item)
    return []


class _Builder:
    """Collects entries; an unlinked heading's title waits for the next linked entry."""

    def __init__(self) -> None:
        self.links: list[NavLink] = []
        self.pending = ""

    def add(self, title: str, target, depth: int, parent: int | None) -> int | None:
        title = clean_title(title)
        if target is None:
            if title:
                self.pending = f"{self.pending}: {title}" if self.pending else title
            return None
        if self.pending:
            title = f"{self.pending}: {title}" if title else self.pending
            self.pending = ""
        self.links.append(NavLink(title, target[0], target[1], depth=depth, parent=parent))
        return len(self.links) - 1


def _nav_toc(item: epub.EpubItem) -> list[NavLink]:
    root, _ = parse_markup(item.content or b"", item.file_name)
    if root is None:
        return []
    base = posixpath.dirname(item.file_name)
    toc = next((e for e in root.iter() if local_name(e) == "nav" and "toc" in semantic_types(e)), None)
    if toc is None:
        return []
    builder = _Builder()
    top = next((c for c in toc.iter() if local_name(c) in ("ol", "ul")), None)
    if top is not None:
        _nav_list(top, base, builder, depth=1, parent=None)
    return builder.links


def _nav_list(ol: etree._Element, base: str, builder: _Builder, depth: int, parent: int | None) -> None:
    for li in (c for c in ol if local_name(c) == "li"):
        label = next((c for c in li if local_name(c) in ("a", "span")), None)
        title = "".join(label.itertext()) if label is not None else ""
        href = label.get("href") if label is not None and local_name(label) == "a" else None
        index = builder.add(title, resolve_href(base, href) if href else None, depth, parent)
        sub = next((c for c in li if local_name(c) in ("ol", "ul")), None)
        if sub is not None:
            # An unlinked heading's children take its place (and the first one its title).
            _nav_list(sub, base, builder, depth if index is None else depth + 1, parent if index is None else index)


def _ncx_toc(item: epub.EpubItem) -> list[NavLink]:
    root, _ = parse_markup(item.content or b"", item.file_name)
    if root is None:
        return []
    base = posixpath.dirname(item.file_name)
    nav_map = next((e for e in root.iter() if local_name(e) == "navmap"), None)
    builder = _Builder()
    if nav_map is not None:
        _ncx_points(nav_map, base, builder, depth=1, parent=None)
    return builder.links


def _ncx_points(parent_el: etree._Element, base: str, builder: _Builder, depth: int, parent: int | None) -> None:
    for point in (c for c in parent_el if local_name(c) == "navpoint"):
        label = next((c for c in point if local_name(c) == "navlabel"), None)
        title = "".join(label.itertext()) if label is not None else ""
        content = next((c for c in point if local_name(c) == "content"), None)
        target = resolve_href(base, content.get("src") or "") if content is not None else None
        index = builder.add(title, target, depth, parent)
        _ncx_points(point, base, builder, depth if index is None else depth + 1, parent if index is None else index)


def landmark_links(book: epub.EpubBook) -> list[NavLink]:
    """EPUB 2 guide references and EPUB 3 landmarks, each with its type."""
    links = []
    for ref in getattr(book, "guide", None) or []:
        target = resolve_href("", ref.get("href") or "")
        if target and ref.get("type"):
            links.append(NavLink(clean_text(ref.get("title") or ""), *target, kind=ref["type"].lower()))
    for nav in (i for i in book.get_items() if isinstance(i, epub.EpubNav)):
        root, _ = parse_markup(nav.content or b"", nav.file_name)
        if root is None:
            continue
        base = posixpath.dirname(nav.file_name)
        for element in root.iter():
            if local_name(element) != "nav" or "landmarks" not in semantic_types(element):
                continue
            for anchor in element.iter():
                if local_name(anchor) != "a":
                    continue
                target = resolve_href(base, anchor.get("href") or "")
                for kind in semantic_types(anchor):
                    if target:
                        links.append(NavLink(clean_text("".join(anchor.itertext())), *target, kind=kind))
    return links
