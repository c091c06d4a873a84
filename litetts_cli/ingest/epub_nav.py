"""EPUB navigation: table of contents (NCX or nav), landmarks and guide, as resolved links.

Every href is resolved to a path relative to the package (OPF) directory, the way
ebooklib names manifest items, with percent-escapes decoded: a TOC link to
``Text/chapter%201.xhtml#ch2`` matches the item ``Text/chapter 1.xhtml``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

from ebooklib import epub

from litetts_cli.ingest.textutil import clean_text
from litetts_cli.ingest.xhtml import local_name, parse_markup, semantic_types


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


def resolve_href(base_dir: str, href: str) -> tuple[str, str | None] | None:
    """``(path, fragment)`` for an href relative to ``base_dir``; ``None`` if external."""
    href = (href or "").strip()
    if not href or "://" in href or href.startswith(("mailto:", "data:", "#")):
        return None
    raw_path, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(base_dir, unquote(raw_path)))
    return path, unquote(fragment) or None


def toc_links(book: epub.EpubBook, from_ncx: bool) -> list[NavLink]:
    """The table of contents, nested entries flattened depth-first (reading order).

    Args:
        book: a book read by ebooklib.
        from_ncx: whether ``book.toc`` came from the NCX, whose links are relative
            to the NCX file (ebooklib already resolved those of a nav document).
    """
    ncx = next((i for i in book.get_items() if isinstance(i, epub.EpubNcx)), None)
    base = posixpath.dirname(ncx.file_name) if from_ncx and ncx is not None else ""
    toc = book.toc or []
    if not isinstance(toc, (list, tuple)):
        toc = [toc]  # ebooklib turns an empty NCX navMap into one bare Link
    links: list[NavLink] = []
    _flatten(list(toc), base, links)
    return links


def _flatten(items: list, base: str, out: list[NavLink]) -> None:
    for item in items:
        if isinstance(item, (tuple, list)) and len(item) == 2:
            _flatten([item[0]], base, out)
            _flatten(item[1], base, out)
            continue
        if isinstance(item, epub.EpubHtml):
            href, title = item.file_name, item.title
        else:
            href, title = getattr(item, "href", ""), getattr(item, "title", "")
        target = resolve_href(base, href)
        if target:
            out.append(NavLink(clean_text(title or ""), target[0], target[1]))


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
