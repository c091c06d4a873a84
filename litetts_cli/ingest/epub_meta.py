"""EPUB metadata: title, author, language and cover image."""

from __future__ import annotations

import base64
import binascii
import posixpath
import re

from ebooklib import epub

from litetts_cli.ingest.document import Document
from litetts_cli.ingest.epub_nav import landmark_links, resolve_href
from litetts_cli.ingest.language import declared
from litetts_cli.ingest.placeholders import is_placeholder_author, is_placeholder_title
from litetts_cli.ingest.textutil import clean_text, title_from_stem
from litetts_cli.ingest.markup import parse_markup
from litetts_cli.ingest.xhtml import local_name

_OPF_ROLE = "{http://www.idpf.org/2007/opf}role"
_IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
    (b"<svg", "image/svg+xml"),
    (b"<?xml", "image/svg+xml"),
)


def read_metadata(book: epub.EpubBook, doc: Document, fallback_title: str) -> None:
    """Fill ``doc``'s title, author, language and cover from the package metadata."""
    title = _first(book, "title")
    doc.title = title if title and not is_placeholder_title(title) else title_from_stem(fallback_title)
    doc.author = _authors(book)
    doc.language = declared(_first(book, "language"))
    cover = _cover_item(book)
    if cover is not None:
        doc.cover = bytes(cover.content)
        doc.cover_mime = _image_type(cover)
        if doc.cover_mime == "image/svg+xml":
            picture = _picture_in_svg(book, cover)
            if picture is not None:
                doc.cover, doc.cover_mime = picture


_DATA_URI = re.compile(rb"data:(image/(?:jpeg|jpg|png));base64,([A-Za-z0-9+/=\s]+)")


def _picture_in_svg(book: epub.EpubBook, cover: epub.EpubItem) -> tuple[bytes, str] | None:
    """The largest picture an SVG cover draws (Standard Ebooks embeds its painting as a
    base64 JPEG under the title lettering): audio players show JPEG or PNG, and an SVG
    made into a picture by ffmpeg came out a blank 100x100 square."""
    content = bytes(cover.content)
    found: list[tuple[bytes, str]] = []
    for match in _DATA_URI.finditer(content):
        try:
            found.append((base64.b64decode(b"".join(match.group(2).split()), validate=True),
                          match.group(1).decode().replace("jpg", "jpeg")))
        except (binascii.Error, ValueError):
            continue
    for href in re.findall(rb'(?:xlink:)?href="([^"#:]+\.(?:jpe?g|png))"', content):
        target = resolve_href(posixpath.dirname(cover.file_name), href.decode("utf-8", "replace"))
        item = book.get_item_with_href(target[0]) if target else None
        if item is not None and _is_image(item) and item.content:
            found.append((bytes(item.content), _image_type(item)))
    return max(found, key=lambda pair: len(pair[0])) if found else None


def _first(book: epub.EpubBook, name: str) -> str:
    for value, _attrs in book.get_metadata("DC", name):
        text = clean_text(value or "")
        if text:
            return text
    return ""


def _metas(book: epub.EpubBook) -> list[tuple[str | None, dict]]:
    """All OPF ``<meta>`` elements as (text, attributes), whatever namespace ebooklib filed them under."""
    found = []
    for by_name in book.metadata.values():
        for key, values in by_name.items():
            if key in ("meta", None, "cover"):
                found.extend(values)
    return found


def _authors(book: epub.EpubBook) -> str:
    # EPUB 3 gives creator roles in <meta refines="#id" property="role">; EPUB 2 in opf:role.
    roles = {
        (attrs.get("refines") or "").lstrip("#"): (text or "").strip()
        for text, attrs in _metas(book)
        if attrs.get("property") == "role"
    }
    found: dict[str, list[tuple[str, str]]] = {"creator": [], "contributor": []}
    for field, named in found.items():
        for value, attrs in book.get_metadata("DC", field):
            name = clean_text(value or "")
            role = attrs.get(_OPF_ROLE) or attrs.get("role") or roles.get(attrs.get("id") or "", "")
            if name and not is_placeholder_author(name):  # Calibre's "Unknown" names no one
                named.append((name, role.lower()))
    creators = found["creator"]
    # A contributor the package calls the author stands in when no creator is named.
    authors = ([n for n, r in creators if r in ("", "aut")] or [n for n, _ in creators]
               or [n for n, r in found["contributor"] if r == "aut"])
    return ", ".join(dict.fromkeys(authors))


def _cover_item(book: epub.EpubBook) -> epub.EpubItem | None:
    """The cover image: cover-image property, then <meta name="cover">, then the guide/landmark cover page."""
    images = [i for i in book.get_items() if _is_image(i) and i.content]
    for item in images:
        if isinstance(item, epub.EpubCover):
            return item
    for _text, attrs in _metas(book):
        if attrs.get("name") == "cover":
            item = book.get_item_with_id(attrs.get("content") or "")
            if item is None:
                item = next((i for i in images if i.file_name == attrs.get("content")), None)
            if item is not None and _is_image(item) and item.content:
                return item
    for link in landmark_links(book):
        if link.kind == "cover":
            found = _image_in_page(book, link.path)
            if found is not None:
                return found
    return next((i for i in images if "cover" in (i.id or "").lower() or "cover" in i.file_name.lower()), None)


def _image_in_page(book: epub.EpubBook, path: str) -> epub.EpubItem | None:
    item = book.get_item_with_href(path)
    if item is None or _is_image(item):
        return item
    root, _ = parse_markup(item.content or b"", path)
    if root is None:
        return None
    for element in root.iter():
        if local_name(element) in ("img", "image"):
            src = element.get("src") or element.get("{http://www.w3.org/1999/xlink}href") or element.get("href")
            target = resolve_href(posixpath.dirname(path), src or "")
            found = book.get_item_with_href(target[0]) if target else None
            if found is not None and _is_image(found) and found.content:
                return found
    return None


def _is_image(item: epub.EpubItem) -> bool:
    return isinstance(item, epub.EpubCover) or (item.media_type or "").lower().startswith("image/")


def _image_type(item: epub.EpubItem) -> str:
    media_type = (item.media_type or "").lower()
    if media_type.startswith("image/"):
        return "image/jpeg" if media_type == "image/jpg" else media_type
    head = bytes(item.content[:16])
    return next((mime for magic, mime in _IMAGE_SIGNATURES if head.startswith(magic)), "application/octet-stream")
