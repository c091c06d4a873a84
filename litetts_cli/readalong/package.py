"""The EPUB's package: what --read-along reads from it before synthesis, and the new
EPUB it writes after (the original's files, pages with sentence ids, audio and SMIL).

Only EPUB 3 books are taken: Media Overlays are an EPUB 3 feature, and an EPUB 2 book
would need a navigation document and package changes that are the author's to make
(Calibre converts one). The output is written under a temporary name and renamed, so
it is whole or absent; it is never the input.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from litetts_cli.errors import ReadAlongError
from litetts_cli.store.files import atomic_write

OPF_NS = "http://www.idpf.org/2007/opf"
_O = "{" + OPF_NS + "}"
_CONTAINER_NS = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
_EPUB3_HINT = "convert it to EPUB 3 first, e.g. with Calibre: ebook-convert book.epub book3.epub --epub-version 3"


@dataclass
class Item:
    id: str
    path: str
    """Its path in the container."""
    media_type: str
    element: object


@dataclass
class Package:
    """An EPUB 3 book's package document and the pages of its reading order."""

    source: Path
    opf_path: str
    tree: object
    items: dict[str, Item]
    pages: list[Item]
    """Content documents in spine order (the navigation document left out)."""
    names: set[str] = field(default_factory=set)
    """Every file name in the container."""

    @property
    def metadata(self):
        return self.tree.getroot().find(f"{_O}metadata")

    @property
    def manifest(self):
        return self.tree.getroot().find(f"{_O}manifest")

    def read(self, path: str) -> bytes:
        with zipfile.ZipFile(self.source) as archive:
            return archive.read(path)


def _xml(data: bytes, what: str, source: Path):
    try:
        return etree.fromstring(data, _XML_PARSER).getroottree()
    except etree.XMLSyntaxError as exc:
        raise ReadAlongError(f"{source.name}: its {what} is not well-formed XML ({exc})",
                             hint="repair the book (Calibre, Sigil) and run again") from None


def read_package(source: Path) -> Package:
    """The book's package, checked for what a read-along needs.

    Raises:
        ReadAlongError: not an EPUB 3 book, no package document, or overlays already there.
    """
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            container = _xml(archive.read("META-INF/container.xml"), "META-INF/container.xml", source)
            rootfile = container.getroot().find(f".//{_CONTAINER_NS}rootfile")
            opf_path = rootfile.get("full-path") if rootfile is not None else None
            if not opf_path or opf_path not in names:
                raise ReadAlongError(f"{source.name} names no package document that it holds",
                                     hint="repair the book (Calibre, Sigil) and run again")
            tree = _xml(archive.read(opf_path), opf_path, source)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ReadAlongError(f"{source.name} could not be read as an EPUB: {exc}",
                             hint="--read-along needs an EPUB 3 book") from None
    root = tree.getroot()
    version = (root.get("version") or "").strip()
    if not version.startswith("3"):
        raise ReadAlongError(f"{source.name} is an EPUB {version or 'of unknown version'} book; "
                             "read-along (Media Overlays) needs EPUB 3", hint=_EPUB3_HINT)
    base = posixpath.dirname(opf_path)
    items = {}
    for element in root.iterfind(f"{_O}manifest/{_O}item"):
        path = posixpath.normpath(posixpath.join(base, unquote(element.get("href", ""))))
        items[element.get("id")] = Item(element.get("id"), path, element.get("media-type", ""), element)
        if element.get("media-overlay") or element.get("media-type") == "application/smil+xml":
            raise ReadAlongError(f"{source.name} already has Media Overlays",
                                 hint="give --read-along a book without audio")
    pages = []
    for ref in root.iterfind(f"{_O}spine/{_O}itemref"):
        item = items.get(ref.get("idref"))
        if item is None or item.media_type != "application/xhtml+xml" or item in pages:
            continue
        if "nav" in (item.element.get("properties") or "").split():
            continue
        pages.append(item)
    return Package(source, opf_path, tree, items, pages, names)


def unused_folder(package: Package, name: str) -> str:
    """A folder next to the package document that no file of the book is in."""
    base = posixpath.dirname(package.opf_path)
    candidate, number = posixpath.join(base, name), 1
    while any(n.startswith(candidate + "/") for n in package.names):
        number += 1
        candidate = posixpath.join(base, f"{name}-{number}")
    return candidate


def add_item(package: Package, item_id: str, path: str, media_type: str) -> None:
    href = posixpath.relpath(path, posixpath.dirname(package.opf_path) or ".")
    element = etree.Element(f"{_O}item", id=item_id, href=href)
    element.set("media-type", media_type)
    append_indented(package.manifest, element)
    package.items[item_id] = Item(item_id, path, media_type, element)


def add_meta(package: Package, prop: str, value: str, refines: str | None = None) -> None:
    element = etree.Element(f"{_O}meta", property=prop)
    if refines:
        element.set("refines", refines)
    element.text = value
    append_indented(package.metadata, element)


def append_indented(parent, element) -> None:
    """Append ``element`` as the last child, indented like the children before it."""
    children = [c for c in parent]
    if children:
        last = children[-1]
        element.tail = last.tail
        last.tail = children[-2].tail if len(children) > 1 else parent.text
    parent.append(element)


def touch_modified(package: Package) -> None:
    """``dcterms:modified`` says now: the book changed."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for meta in package.metadata.iterfind(f"{_O}meta"):
        if meta.get("property") == "dcterms:modified" and not meta.get("refines"):
            meta.text = now
            return
    add_meta(package, "dcterms:modified", now)


def write_epub(package: Package, output: Path, replaced: dict[str, bytes], added: dict[str, Path | bytes]) -> None:
    """The book again with ``replaced`` files changed and ``added`` ones appended (bytes,
    or a file to copy), under a temporary name renamed at the end."""
    replaced = {**replaced, package.opf_path: etree.tostring(package.tree, xml_declaration=True, encoding="utf-8")}
    with atomic_write(output) as handle, zipfile.ZipFile(handle, "w") as out, zipfile.ZipFile(package.source) as src:
        # The mimetype file first and stored, as the OCF spec requires.
        out.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for info in src.infolist():
            if info.filename == "mimetype" or info.is_dir():
                continue
            data = replaced.get(info.filename)
            if data is None:
                data = src.read(info)
            out.writestr(_info(info.filename), data, compress_type=zipfile.ZIP_DEFLATED)
        for name, content in added.items():
            if isinstance(content, Path):
                # Audio is compressed already.
                out.write(content, name, compress_type=zipfile.ZIP_STORED)
            else:
                out.writestr(_info(name), content, compress_type=zipfile.ZIP_DEFLATED)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, datetime.now().timetuple()[:6])
    info.external_attr = 0o644 << 16
    return info
