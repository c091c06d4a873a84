"""What ``--list-chapters`` and a run's ``--json`` summary say about a book's contents.

Every word of the book is accounted for: read in a chapter, or skipped with a reason
(front/back matter, another language, notes, tables, math, navigation furniture).
"""

from __future__ import annotations

from collections import Counter

from litetts_cli.book.languages import chapter_language, describe_voice
from litetts_cli.ingest import Document, chapter_table


def chapter_rows(document: Document, speed: float, voice: str | None) -> list[dict]:
    """``chapter_table`` rows with each chapter's language, voice, sections and skipped words.

    ``voice`` is the user's choice (``None``: each chapter's language picks); a chapter
    whose language Kokoro has no voice for shows ``voice: None``.
    """
    rows = chapter_table(document, speed)
    for row, chapter in zip(rows, document.chapters):
        row["language"] = chapter_language(chapter, document, voice)
        row["voice"] = describe_voice(chapter, document, voice)
        row["skipped"] = dict(chapter.skipped_words)
        row["children"] = chapter.children
    return rows


def word_account(document: Document) -> dict:
    """Words read and words skipped by reason, over the whole book."""
    skipped: Counter = Counter()
    for chapter in document.chapters:
        skipped.update(chapter.skipped_words)
    for part in document.skipped:
        skipped[part.reason] += part.words
    return {"read": document.word_count, "skipped": dict(sorted(skipped.items()))}


def listing(document: Document, speed: float, voice: str | None) -> dict:
    """The whole ``--list-chapters --json`` answer."""
    return {
        "title": document.title,
        "author": document.author,
        "language": document.language,
        "words": word_account(document),
        "chapters": chapter_rows(document, speed, voice),
        "skipped": [{"title": s.title, "reason": s.reason, "words": s.words, "source": s.source}
                    for s in document.skipped],
    }
