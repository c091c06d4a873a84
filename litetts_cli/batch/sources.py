"""Which books a batch converts: files, folders, globs and list files, in a stable order."""

from __future__ import annotations

import glob
from pathlib import Path

from litetts_cli.errors import UsageError

BOOK_EXTENSIONS = frozenset({
    ".epub", ".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".txt", ".text", ".pdf", ".docx", ".html", ".htm",
})
"""What a folder is searched for. A file named on its own is taken whatever its name,
so the reader says what is wrong with it."""
_GLOB_CHARS = frozenset("*?[")


def _in_folder(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative):
            continue  # hidden files and folders (.git, .Trash) hold no books to read
        if path.is_file() and path.suffix.lower() in BOOK_EXTENSIONS:
            found.append(path)
    return sorted(found)


def _expand(item: str, base: Path) -> list[Path]:
    path = Path(item).expanduser()
    if not path.is_absolute():
        path = base / path
    if path.is_dir():
        return _in_folder(path)
    if path.exists() or not _GLOB_CHARS & set(item):
        return [path]  # a missing file stays: it fails as its own book, with its reason
    matches = sorted(Path(m) for m in glob.glob(str(path), recursive=True))
    books = []
    for match in matches:
        books.extend(_in_folder(match) if match.is_dir() else [match])
    return books


def read_list(list_file: Path) -> list[str]:
    """Entries of a list file: one path or glob a line; blank lines and # comments skipped."""
    try:
        text = list_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the list {list_file}: {getattr(exc, 'strerror', None) or exc}",
                         hint="pass a UTF-8 text file with one book path a line") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def discover(items: list[str], list_file: Path | None = None, cwd: Path | None = None) -> list[Path]:
    """Books named by ``items`` and the lines of ``list_file``, each once, in order.

    Folders are searched recursively for the files litetts reads (EPUB, Markdown, text,
    PDF, Word, HTML); globs are expanded
    (``**`` too); paths in a list file are relative to the list file's folder.

    Raises:
        UsageError: nothing names a book.
    """
    cwd = cwd or Path.cwd()
    named = [(item, cwd) for item in items]
    if list_file is not None:
        named += [(item, list_file.parent if list_file.parent.is_absolute() else cwd / list_file.parent)
                  for item in read_list(list_file)]
    books: list[Path] = []
    seen: set[Path] = set()
    for item, base in named:
        for path in _expand(item, base):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                books.append(path)
    if not books:
        raise UsageError("no books found in the sources given",
                         hint="name .epub, .md, .txt, .pdf, .docx or .html files, folders holding them, or a glob like 'books/*.epub'")
    return books
