"""Choosing chapters (``--chapters 1-3,7``) and listing them (``--list-chapters``)."""

from __future__ import annotations

import re

from litetts_cli.errors import UsageError
from litetts_cli.ingest.document import Chapter, Document

_ITEM = re.compile(r"\s*(\d{1,9})\s*(?:(-|–|\.\.)\s*(\d{0,9})\s*)?")
_HINT = 'give chapter numbers and ranges like "1-3,7" or "5-", or a title like "Part Two" (see --list-chapters)'


def select_chapters(chapters: list[Chapter], spec: str) -> list[Chapter]:
    """The chapters named by ``spec``, in book order.

    Args:
        chapters: the document's chapters.
        spec: comma-separated 1-based numbers and ranges: ``"1-3,7"``, ``"5-"``
            (5 to the end), ``"all"``; or titles: a chapter's, or a part's or book's
            (``"Part Two"``), which selects every chapter under it.

    Raises:
        UsageError: the spec is empty, malformed, or names a chapter the book does not have.
    """
    total = len(chapters)
    if spec is None or not spec.strip():
        raise UsageError("the chapter selection is empty", hint=_HINT)
    if spec.strip().lower() == "all":
        return list(chapters)
    chosen: set[int] = set()
    for item in spec.split(","):
        if not item.strip():
            continue
        match = _ITEM.fullmatch(item)
        if match is None:
            titled = _by_title(chapters, item.strip())
            if not titled:
                raise UsageError(
                    f"'{item.strip()}' in the chapter selection '{spec}' is neither a number, a range nor a "
                    "chapter or part title", hint=_HINT,
                )
            chosen.update(titled)
            continue
        start = int(match.group(1))
        end = start if not match.group(2) else int(match.group(3) or total)
        if start < 1:
            raise UsageError("chapters are numbered from 1", hint=_HINT)
        if max(start, end) > total:
            raise UsageError(
                f"chapter {max(start, end)} does not exist: this book has {total} chapter(s)",
                hint="see --list-chapters",
            )
        if end < start:
            raise UsageError(f"the range {start}-{end} runs backwards", hint=f"write it as {end}-{start}")
        chosen.update(range(start, end + 1))
    if not chosen:
        raise UsageError(f"the chapter selection '{spec}' names no chapters", hint=_HINT)
    return [chapters[i - 1] for i in sorted(chosen)]


def _by_title(chapters: list[Chapter], title: str) -> set[int]:
    """1-based numbers of the chapters titled ``title`` or under a part of that title."""
    wanted = title.casefold()
    found = set()
    for number, chapter in enumerate(chapters, start=1):
        names = [chapter.title, *chapter.title.split(": "), *chapter.parents]
        if any(name.casefold() == wanted for name in names):
            found.add(number)
    return found


def chapter_table(doc: Document, speed: float = 1.0) -> list[dict]:
    """One row per chapter for ``--list-chapters``.

    Returns:
        Dicts with ``index`` (1-based, as ``select_chapters`` takes it), ``title``,
        ``words`` and ``duration_s``, the estimated reading time in seconds at
        ``speed`` (:func:`litetts_cli.ingest.reading.reading_seconds`).

    Raises:
        UsageError: ``speed`` is not positive.
    """
    if not speed > 0:
        raise UsageError(f"speed {speed} is not positive", hint="use a speed such as 1.0 or 1.25")
    return [
        {"index": number, "title": chapter.title, "words": chapter.word_count,
         "duration_s": chapter.reading_seconds(speed)}
        for number, chapter in enumerate(doc.chapters, start=1)
    ]
