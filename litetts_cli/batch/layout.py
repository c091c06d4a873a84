"""Where each book's audio goes in the output folder.

``audiobookshelf`` is the layout library servers such as Audiobookshelf scan:
``Author/Title/Title.m4b`` (with ``--split chapters``, the chapter files in
``Author/Title/``). ``flat`` puts ``Title.m4b`` (or a ``Title/`` folder) straight in
the output folder.
"""

from __future__ import annotations

import re
from pathlib import Path

LAYOUTS = ("audiobookshelf", "flat")
UNKNOWN_AUTHOR = "Unknown Author"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
MAX_NAME = 120
"""Characters of a title or author kept in a file name (file systems allow 255 bytes)."""


def safe_name(text: str, fallback: str) -> str:
    """``text`` as one file or folder name on any common file system."""
    name = _UNSAFE.sub(" ", text)
    name = re.sub(r"\s+", " ", name).strip().strip(".").strip()
    name = name[:MAX_NAME].rstrip(" .")
    return name or fallback


def book_target(outdir: Path, layout: str, author: str, title: str, extension: str, split: bool) -> Path:
    """The output file (or folder of chapter files, for ``split``) of one book."""
    if layout == "flat":
        return outdir / title if split else outdir / f"{title}.{extension}"
    folder = outdir / safe_name(author, UNKNOWN_AUTHOR) / title
    return folder if split else folder / f"{title}.{extension}"


def assign_target(
    outdir: Path, layout: str, author: str, title: str, stem: str, extension: str, split: bool, taken: set[Path]
) -> Path:
    """:func:`book_target`, made unique against ``taken`` (then added to it).

    Two different books with one author and title (two editions, say) get the second
    one's file name added: ``Title (stem)``, then a number.
    """
    name = safe_name(title, safe_name(stem, "book"))
    candidates = [name, f"{name} ({safe_name(stem, 'book')})"]
    candidates += [f"{name} ({n})" for n in range(2, 1000)]
    for candidate in candidates:
        target = book_target(outdir, layout, author, candidate, extension, split)
        if target not in taken:
            taken.add(target)
            return target
    raise RuntimeError("a thousand books share one title")  # pragma: no cover
