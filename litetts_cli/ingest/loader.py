"""Pick the reader for a file (EPUB, PDF, Word, HTML, Markdown, plain text) and run it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from litetts_cli.errors import InputError, UsageError
from litetts_cli.ingest.document import Document
from litetts_cli.ingest.epub import read_epub
from litetts_cli.ingest.formats import document_reader
from litetts_cli.ingest.markdown import markdown_to_document
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.text import text_to_document
from litetts_cli.ingest.textutil import decode_bytes, title_from_stem

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
_UNSUPPORTED = {
    ".mobi": "Kindle (MOBI)",
    ".azw": "Kindle (AZW)",
    ".azw3": "Kindle (AZW3)",
    ".kfx": "Kindle (KFX)",
    ".doc": "Word",
    ".odt": "OpenDocument",
}
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_SUPPORTED_HINT = "litetts reads .txt, .md, .epub, .pdf, .docx and .html files"


def load_document(path: Path | str, options: IngestOptions | None = None) -> Document:
    """Read a text, Markdown, EPUB, PDF, DOCX or HTML file into a :class:`Document`.

    The format comes from the extension (``.epub``; ``.pdf``; ``.docx``; ``.html``;
    ``.md``/``.markdown``; anything else is text) and from the content (a zip holding
    an EPUB or a Word document, a file starting ``%PDF`` or ``<html`` is read as one
    whatever its name).

    Raises:
        InputError: the file is missing, unreadable, of an unsupported kind,
            damaged, DRM-protected or has no text to read.
    """
    options = options or IngestOptions()
    path = Path(path)
    head = _read_head(path)
    extension = path.suffix.lower()
    is_zip = head.startswith(_ZIP_MAGIC)
    if extension == ".epub" or (is_zip and _zip_is_epub(path)):
        return read_epub(path, options)
    reader = document_reader(path, head)
    if reader is not None:
        return reader(path, options)
    kind = _UNSUPPORTED.get(extension)
    if kind:
        raise InputError(
            f"{path.name} is a {kind} file, which litetts cannot read",
            hint="convert it to EPUB, PDF, DOCX, Markdown or plain text first (Calibre's ebook-convert can)",
        )
    if is_zip:
        raise InputError(f"{path.name} is a zip archive, not text", hint=f"unzip it first; {_SUPPORTED_HINT}")
    data = path.read_bytes()
    if b"\x00" in data[:65536] and not data.startswith(_UTF16_32_BOMS):
        raise InputError(f"{path.name} looks like a binary file, not text", hint=_SUPPORTED_HINT)
    text, warning = decode_bytes(data, path.name)
    doc = _from_text(text, title_from_stem(path.stem), options, markdown=extension in MARKDOWN_EXTENSIONS)
    if warning:
        doc.warnings.insert(0, warning)
    if not doc.chapters:
        raise InputError(f"{path.name} has no text to read", hint="the file is empty or holds only whitespace")
    return doc


def load_text(
    text: str, name: str = "text", options: IngestOptions | None = None, *, markdown: bool = False
) -> Document:
    """Read text given as a string (``--text``, stdin) into a :class:`Document`.

    Args:
        text: the text itself.
        name: what to call it: the title of a text without headings.
        options: ingest options.
        markdown: parse the text as Markdown instead of plain text.

    Raises:
        UsageError: the text is empty.
    """
    doc = _from_text(text, title_from_stem(name), options or IngestOptions(), markdown=markdown)
    if not doc.chapters:
        raise UsageError("there is no text to read", hint="pass some text, a file, or pipe text to stdin")
    return doc


def _from_text(text: str, title: str, options: IngestOptions, *, markdown: bool) -> Document:
    if markdown:
        return markdown_to_document(text, title, options)
    return text_to_document(text, title, options)


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(64)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", hint="check the path and the file name") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a file", hint=_SUPPORTED_HINT) from None
    except PermissionError:
        raise InputError(f"{path}: permission denied", hint="check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", hint="check the path") from None


def _zip_is_epub(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return archive.read("mimetype").strip() == b"application/epub+zip"
            return "META-INF/container.xml" in names
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return False
