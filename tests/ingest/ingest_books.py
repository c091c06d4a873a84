"""Builders for small real EPUB books (through ebooklib) and hand-made broken ones."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ebooklib import epub

XHTML_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en">
<head><title>{title}</title></head>
<body{body_attrs}>
{body}
</body>
</html>
"""

# 1x1 PNG
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
    "00010005fe02fea70000000049454e44ae426082"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01fake-jpeg-body\xff\xd9"


@dataclass
class Page:
    """One XHTML file of a test book, written byte for byte as given."""

    file_name: str
    body: str
    body_attrs: str = ""
    head_title: str = ""
    uid: str = ""

    def xhtml(self) -> bytes:
        attrs = f" {self.body_attrs}" if self.body_attrs else ""
        return XHTML_TEMPLATE.format(title=self.head_title, body_attrs=attrs, body=self.body).encode("utf-8")


@dataclass
class BookSpec:
    """What to put in a test EPUB. ``toc`` holds ebooklib Link/Section entries."""

    pages: list[Page]
    toc: list = field(default_factory=list)
    nav: bool = True
    nav_file: str = "nav.xhtml"
    nav_in_spine: bool = False
    ncx_file: str = "toc.ncx"
    guide: list[dict] = field(default_factory=list)
    title: str = "The Test Book"
    authors: tuple[str, ...] = ("Ann Author",)
    language: str = "en"
    cover: tuple[str, bytes] | None = None
    """(file name, bytes) set as the EPUB 3 cover-image."""
    meta_cover: tuple[str, bytes] | None = None
    """(file name, bytes) named only by EPUB 2 ``<meta name="cover">``."""
    images: dict[str, bytes] = field(default_factory=dict)


def write_book(path: Path, spec: BookSpec) -> Path:
    """Write ``spec`` as an EPUB with ebooklib and return its path."""
    book = epub.EpubBook()
    book.set_identifier("urn:uuid:12345678-1234-1234-1234-123456789abc")
    book.set_title(spec.title)
    book.set_language(spec.language)
    for number, author in enumerate(spec.authors):
        book.add_author(author, uid=f"creator{number}")
    if spec.cover:
        book.set_cover(spec.cover[0], spec.cover[1], create_page=False)
    if spec.meta_cover:
        image = epub.EpubImage(uid="cover-jpg", file_name=spec.meta_cover[0], media_type="image/jpeg",
                               content=spec.meta_cover[1])
        book.add_item(image)
        book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-jpg"})
    for name, data in spec.images.items():
        book.add_item(epub.EpubImage(uid=f"img{len(book.items)}", file_name=name, media_type="image/png",
                                     content=data))
    items = []
    for number, page in enumerate(spec.pages):
        item = epub.EpubItem(uid=page.uid or f"page{number}", file_name=page.file_name,
                             media_type="application/xhtml+xml", content=page.xhtml())
        book.add_item(item)
        items.append(item)
    book.toc = spec.toc
    book.guide = spec.guide
    book.add_item(epub.EpubNcx(file_name=spec.ncx_file))
    spine: list = []
    if spec.nav:
        book.add_item(epub.EpubNav(file_name=spec.nav_file))
        if spec.nav_in_spine:
            spine.append("nav")
    book.spine = spine + items
    epub.write_epub(str(path), book, {"raise_exceptions": True})
    return path


CONTAINER_XML = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

OPF_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    {metadata}
  </metadata>
  <manifest>{manifest}</manifest>
  {spine}
  {guide}
</package>"""
DEFAULT_METADATA = (
    '<dc:identifier id="id">hand-made</dc:identifier><dc:title>Hand Made</dc:title><dc:language>en</dc:language>'
)


def write_zip(path: Path, files: dict[str, bytes | str]) -> Path:
    """A zip with ``mimetype`` first and stored, like a real EPUB."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return path


def handmade_epub(path: Path, *, spine: str | None = None, manifest: str | None = None,
                  extra: dict[str, bytes | str] | None = None, chapter: str = "<p>Some text.</p>",
                  metadata: str = DEFAULT_METADATA, guide: str = "") -> Path:
    """A minimal EPUB 2 written by hand, for books ebooklib would refuse to write."""
    manifest = manifest if manifest is not None else (
        '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
    )
    spine = spine if spine is not None else '<spine><itemref idref="c1"/></spine>'
    files: dict[str, bytes | str] = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": CONTAINER_XML,
        "OEBPS/content.opf": OPF_TEMPLATE.format(manifest=manifest, spine=spine, metadata=metadata, guide=guide),
        "OEBPS/c1.xhtml": Page("c1.xhtml", chapter).xhtml(),
    }
    files.update(extra or {})
    return write_zip(path, files)
