"""Broken, protected and unsupported inputs: one clear line each, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from ebooklib import epub

from litetts_cli.errors import InputError
from litetts_cli.ingest import load_document
from tests.ingest.ingest_books import (
    CONTAINER_XML,
    BookSpec,
    Page,
    handmade_epub,
    write_book,
    write_zip,
)

ENCRYPTION_XML = """<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
            xmlns:enc="http://www.w3.org/2001/04/xmlenc#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
  <enc:EncryptedData>
    <enc:EncryptionMethod Algorithm="{algorithm}"/>
    <enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData>
  </enc:EncryptedData>
</encryption>"""
AES = "http://www.w3.org/2001/04/xmlenc#aes128-cbc"
FONT_OBFUSCATION = "http://www.idpf.org/2008/embedding"


def good_book(path: Path) -> Path:
    spec = BookSpec([Page("c1.xhtml", "<p>Readable text.</p>")], toc=[epub.Link("c1.xhtml", "One", "1")])
    return write_book(path, spec)


def add_files(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "a") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def not_a_zip(path):
    path.write_bytes(b"This is plain text pretending to be an EPUB.\n")


def truncated_epub(path):
    good_book(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def zip_not_epub(path):
    write_zip(path, {"notes.txt": "hello", "data/report.csv": "a,b\n1,2\n"})


def epub_without_container(path):
    write_zip(path, {"mimetype": "application/epub+zip", "OEBPS/c1.xhtml": "<p>x</p>"})


def adobe_drm(path):
    add_files(good_book(path), {
        "META-INF/rights.xml": "<rights/>",
        "META-INF/encryption.xml": ENCRYPTION_XML.format(algorithm=AES, uri="EPUB/c1.xhtml"),
    })


def unknown_encryption(path):
    add_files(good_book(path), {"META-INF/encryption.xml": ENCRYPTION_XML.format(algorithm=AES, uri="EPUB/c1.xhtml")})


def no_spine(path):
    handmade_epub(path, spine="")


def empty_spine(path):
    handmade_epub(path, spine="<spine></spine>")


def missing_package_file(path):
    write_zip(path, {"mimetype": "application/epub+zip", "META-INF/container.xml": CONTAINER_XML})


def package_not_xml(path):
    write_zip(path, {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": CONTAINER_XML,
        "OEBPS/content.opf": "",
    })


def only_empty_chapters(path):
    handmade_epub(path, chapter='<div><img src="x.png" alt=""/></div>')


def missing_file(path):
    pass  # nothing written


def a_folder(path):
    path.mkdir()


def binary_text(path):
    path.write_bytes(b"\x00\x01\x02binary\x00data" * 10)


def pdf_as_text(path):
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")


def empty_text(path):
    path.write_bytes(b"\n  \n\t\n")


def mobi(path):
    path.write_bytes(b"BOOKMOBI" + b"\x00" * 100)


def zip_as_text(path):
    write_zip(path, {"a.txt": "x"})


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("book.epub", not_a_zip, "not an EPUB: it is not a zip archive"),
        ("book.epub", truncated_epub, "not an EPUB: it is not a zip archive"),
        ("book.epub", zip_not_epub, "a zip archive but not an EPUB"),
        ("book.epub", epub_without_container, "damaged: META-INF/container.xml is missing"),
        ("book.epub", adobe_drm, "DRM-protected (Adobe ADEPT)"),
        ("book.epub", unknown_encryption, "DRM-protected (encrypted content)"),
        ("book.epub", no_spine, "has no spine"),
        ("book.epub", empty_spine, "has no spine"),
        ("book.epub", missing_package_file, "package file OEBPS/content.opf is missing"),
        ("book.epub", package_not_xml, "package file is empty or not XML"),
        ("book.epub", only_empty_chapters, "has no readable text"),
        ("nothing.txt", missing_file, "no such file"),
        ("folder.txt", a_folder, "is a folder"),
        ("blob.txt", binary_text, "looks like a binary file"),
        ("paper.txt", pdf_as_text, "cannot be read as a PDF"),
        ("paper.pdf", pdf_as_text, "cannot be read as a PDF"),
        ("empty.txt", empty_text, "has no text to read"),
        ("empty.md", empty_text, "has no text to read"),
        ("book.mobi", mobi, "Kindle (MOBI)"),
        ("archive.txt", zip_as_text, "is a zip archive, not text"),
    ],
)
def test_bad_input_is_one_clear_input_error(tmp_path, name, make, message):
    path = tmp_path / name
    make(path)
    with pytest.raises(InputError) as caught:
        load_document(path)
    line = caught.value.one_line()
    assert message in line
    assert "\n" not in line
    assert caught.value.hint, "every error says what to do"


def test_font_obfuscation_is_not_drm(tmp_path):
    path = add_files(good_book(tmp_path / "fonts.epub"), {
        "META-INF/encryption.xml": ENCRYPTION_XML.format(algorithm=FONT_OBFUSCATION, uri="EPUB/fonts/serif.otf"),
    })
    assert load_document(path).chapters[0].paragraphs == ["Readable text."]


def test_rights_file_without_encrypted_content_is_readable(tmp_path):
    path = add_files(good_book(tmp_path / "rights.epub"), {"META-INF/rights.xml": "<rights/>"})
    assert load_document(path).chapters[0].paragraphs == ["Readable text."]


def test_epub_with_another_extension_is_still_read_as_epub(tmp_path):
    path = good_book(tmp_path / "book.zip")
    assert load_document(path).chapters[0].title == "One"


def test_invalid_utf8_in_text_is_a_warning(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("Caf\xe9 \x93quoted\x94 text.".encode("latin-1"))
    doc = load_document(path)
    assert doc.chapters[0].paragraphs == ["Café “quoted” text."]
    assert len(doc.warnings) == 1 and "notes.txt" in doc.warnings[0] and "UTF-8" in doc.warnings[0]
