"""Pick the reader for a file (EPUB, PDF, Word, HTML, Markdown, plain text) and run it."""

from __future__ import annotations

import re
from collections import Counter
import zipfile
from pathlib import Path

from litetts_cli.errors import InputError, UsageError
from litetts_cli.g2p.detect import detect_chapter_language
from litetts_cli.limits import InputLimits, format_size, read_bounded
from litetts_cli.ingest.boilerplate import strip_boilerplate
from litetts_cli.ingest.document import Document
from litetts_cli.ingest.formats import document_reader
from litetts_cli.ingest.language import declared
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.placeholders import is_placeholder_title, real_author
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
_SNIFF = 65536
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_BINARY_SHARE = 0.3
"""A text whose first 64 KiB are this share or more control bytes or invalid UTF-8 is
binary: Windows-1252 or Latin-1 prose has a few percent of bytes UTF-8 rejects."""


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
    _check_file_size(path, options.limits)
    if is_zip:  # EPUB and Word files are zips: refuse a zip bomb before unpacking
        from litetts_cli.ingest.epub_container import check_epub_sizes

        check_epub_sizes(path, options.limits)
    if extension == ".epub" or (is_zip and _zip_is_epub(path)):
        from litetts_cli.ingest.epub import read_epub  # ebooklib and lxml: only for a book

        return _finished(read_epub(path, options), path, options)
    reader = document_reader(path, head)
    if reader is not None:
        return _with_language(_finished(reader(path, options), path, options))
    kind = _UNSUPPORTED.get(extension)
    if kind:
        raise InputError(
            f"{path.name} is a {kind} file, which litetts cannot read",
            hint="convert it to EPUB, PDF, DOCX, Markdown or plain text first (Calibre's ebook-convert can)",
        )
    if is_zip:
        raise InputError(f"{path.name} is a zip archive, not text", hint=f"unzip it first; {_SUPPORTED_HINT}")
    text, warning = decode_text(read_file_bytes(path, options.limits), path.name)
    doc = _from_text(text, title_from_stem(path.stem), options, markdown=extension in MARKDOWN_EXTENSIONS)
    if warning:
        doc.warnings.insert(0, warning)
    if not doc.chapters:
        raise InputError(f"{path.name} has no text to read", hint="the file is empty or holds only whitespace")
    return _with_language(_finished(doc, path, options))


def _finished(doc: Document, path: Path, options: IngestOptions) -> Document:
    """What every reader's document goes through: a distributor's header and licence left
    out (Project Gutenberg's), and metadata that only says it is missing ("Unknown") dropped."""
    stem_title = title_from_stem(path.stem)
    strip_boilerplate(doc, stem_title, options)
    doc.author = real_author(doc.author)
    if is_placeholder_title(doc.title):
        doc.title = stem_title
    if not doc.chapters:
        raise InputError(
            f"{path.name} has no text to read outside its distributor's header and licence",
            hint="use --include-front-matter to read those",
        )
    return doc


def _with_language(doc: Document) -> Document:
    """A document that declares no language gets the one its text is clearly written in:
    a German PDF without ``/Lang`` is German, not English read by an English voice. Only
    the book's language is set (as the EPUB reader does for an undeclared book); a text
    too short or too mixed to tell stays undeclared. A declared "C" (a C locale) is none."""
    doc.language = declared(doc.language)
    if doc.language:
        return doc
    votes: Counter[str] = Counter()
    for chapter in doc.chapters:
        found = detect_chapter_language(" ".join(chapter.paragraphs))
        if found:
            votes[found] += sum(len(p.split()) for p in chapter.paragraphs)
    if not votes:  # chapters too short each: the whole text may still tell
        found = detect_chapter_language(" ".join(p for chapter in doc.chapters for p in chapter.paragraphs))
        if found:
            votes[found] = 1
    if votes:
        doc.language = votes.most_common(1)[0][0]
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
    options = options or IngestOptions()
    doc = _from_text(text, title_from_stem(name), options, markdown=markdown)
    strip_boilerplate(doc, title_from_stem(name), options)
    if not doc.chapters:
        raise UsageError("there is no text to read", hint="pass some text, a file, or pipe text to stdin")
    return doc


def read_file_bytes(path: Path, limits: InputLimits) -> bytes:
    """The bytes of a file, refused when they pass ``limits.max_input_bytes``.

    Raises:
        InputError: the file is missing, a folder, unreadable or too large.
    """
    try:
        with path.open("rb") as handle:
            return read_bounded(handle, limits.max_input_bytes, str(path))
    except OSError as exc:
        raise _open_error(path, exc) from None


def read_stdin_text(stream, limits: InputLimits) -> tuple[str, str | None]:
    """Standard input as text (see :func:`decode_text`), within ``limits``."""
    return decode_text(read_bounded(stream, limits.max_input_bytes, "stdin"), "stdin")


def decode_text(data: bytes, name: str) -> tuple[str, str | None]:
    """Decode the bytes of a text input, refusing binary data.

    Returns:
        The text and a warning when some bytes were not UTF-8 (see ``decode_bytes``).

    Raises:
        InputError: the bytes look like a binary file (audio, an image, an executable).
    """
    if looks_binary(data):
        raise InputError(f"{name} looks like a binary file, not text", hint=_SUPPORTED_HINT)
    return decode_bytes(data, name)


def looks_binary(data: bytes) -> bool:
    """True for bytes no one would want read aloud: NUL bytes (outside UTF-16/32 text),
    or mostly control bytes or invalid UTF-8."""
    head = data[:_SNIFF]
    if not head or head.startswith(_UTF16_32_BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    invalid = len(_ESCAPED_BYTE.findall(head.decode("utf-8", errors="surrogateescape")))
    return len(head) >= 8 and controls + invalid >= _BINARY_SHARE * len(head)


def _check_file_size(path: Path, limits: InputLimits) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _open_error(path, exc) from None
    if size > limits.max_input_bytes:
        raise InputError(
            f"{path.name} is {format_size(size)}, larger than the {format_size(limits.max_input_bytes)} input limit",
            hint="raise the limit with --max-input-size (or LITETTS_MAX_INPUT_SIZE)",
        )


def _open_error(path: Path, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: no such file", hint="check the path and the file name")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{path} is a folder, not a file", hint=_SUPPORTED_HINT)
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: permission denied", hint="check the file's permissions")
    return InputError(f"cannot read {path}: {exc.strerror or exc}", hint="check the path")


def _from_text(text: str, title: str, options: IngestOptions, *, markdown: bool) -> Document:
    if markdown:
        from litetts_cli.ingest.markdown import markdown_to_document

        return markdown_to_document(text, title, options)
    return text_to_document(text, title, options)


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(64)
    except OSError as exc:
        raise _open_error(path, exc) from None


def _zip_is_epub(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return archive.read("mimetype").strip() == b"application/epub+zip"
            return "META-INF/container.xml" in names
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return False
