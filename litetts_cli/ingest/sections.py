"""Shaping a document's chapters after reading: heading-only chapters folded into the
next, reference lists, contents and indexes left out, notes read at a chapter's end.
Shared by the PDF, Word and HTML readers."""

from __future__ import annotations

import re

from litetts_cli.ingest import matter
from litetts_cli.ingest.document import Chapter, Document, SkippedPart
from litetts_cli.ingest.reading import count_words

# Sections of papers, reports and articles that list sources rather than tell anything.
_REFERENCE_TITLES = re.compile(
    r"(?:references?|bibliography|works cited|citations|sources|notes|footnotes|endnotes|external links"
    r"|see also|further reading)(?: and (?:notes|references|further reading))?"
)
# Contents lists that matter.py's titles do not name (texinfo's "Short Contents").
_MORE_CONTENTS_TITLES = re.compile(r"(?:short|brief|summary|detailed|full) (?:table of )?contents|contents at a glance")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*|[ivxlc]+)\.?\s+")
REFERENCES = "reference list"


def fold_heading_only_chapters(chapters: list[Chapter], book_title: str | None = None) -> list[Chapter]:
    """A chapter that is only its heading (a title right before the first section)
    joins the next chapter instead of becoming a one-word track.

    With ``book_title`` (web pages), the joined titles also lead the next chapter's
    title, each said once, as an EPUB's part page does ("Epoch the First: Chapter I"
    for Gutenberg's Jack Sheppard, whose three epochs each restart at "Chapter I"); a
    heading that repeats the book's title is no part's name, and a contents heading
    whose list was a skipped table stays apart, to be left out as contents."""
    folded: list[Chapter] = []
    carried: Chapter | None = None
    prefix: list[str] = []
    for chapter in chapters:
        own_title = chapter.title
        if carried is not None:
            shift = len(carried.paragraphs)
            chapter.paragraphs[:0] = carried.paragraphs
            chapter.heading_indices = carried.heading_indices + [i + shift for i in chapter.heading_indices]
            for reason, words in carried.skipped_words.items():
                chapter.skipped_words[reason] = chapter.skipped_words.get(reason, 0) + words
            if book_title is not None:
                chapter.title = ": ".join([*prefix, chapter.title])
            carried = None
        heading_only = len(chapter.heading_indices) == len(chapter.paragraphs) and chapter is not chapters[-1]
        if heading_only and book_title is not None and _apparatus_reason(chapter.title) is not None:
            heading_only = False
        if heading_only:
            prefix = _prefix(own_title, prefix, book_title or "")
            carried = chapter
        else:
            prefix = []
            folded.append(chapter)
    return folded


def _prefix(title: str, carried: list[str], book_title: str) -> list[str]:
    """The titles a heading-only chapter puts before the next one's: those carried to
    it, then its own (without its closing full stop), unless it repeats the book's title."""
    carried = list(carried)
    own = title.strip().rstrip(".").strip()
    said, book = _words(own), _words(book_title)
    if own and said and said != book and not book.startswith(said + " "):
        carried.append(own)
    return carried


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _apparatus_reason(title: str) -> str | None:
    """Why a chapter so titled is left out as apparatus (references, contents, index)."""
    name = _NUMBERING.sub("", " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split()))
    if _REFERENCE_TITLES.fullmatch(name):
        return REFERENCES
    if _MORE_CONTENTS_TITLES.fullmatch(name):
        return matter.CONTENTS
    reason = matter.reason_for_title(name)
    return reason if reason in (matter.CONTENTS, matter.INDEX) else None


def skip_apparatus(doc: Document, include: bool) -> None:
    """Leave out chapters that are reference lists ("References", "7 Bibliography",
    "External links"), tables of contents or indexes, counted as skipped, unless
    ``include`` (--include-front-matter). A document that is nothing else keeps them."""
    if include:
        return
    kept = []
    for chapter in doc.chapters:
        reason = _apparatus_reason(chapter.title)
        if reason is not None:
            words = chapter.word_count + sum(chapter.skipped_words.values())
            doc.skipped.append(SkippedPart(chapter.title, reason, chapter.source, words))
        else:
            kept.append(chapter)
    if kept:
        doc.chapters = kept
    else:
        doc.skipped = [part for part in doc.skipped if part.reason not in (REFERENCES, matter.CONTENTS, matter.INDEX)]


def read_notes_at_end(chapter: Chapter, notes: list[str]) -> None:
    """``--notes end-of-chapter``: the chapter's notes after its text, under "Notes.",
    as the EPUB reader does; their words leave the chapter's skipped count."""
    notes = [note for note in notes if note]
    if not notes:
        return
    chapter.heading_indices.append(len(chapter.paragraphs))
    chapter.paragraphs.append("Notes.")
    chapter.paragraphs.extend(notes)
    left = chapter.skipped_words.get("notes", 0) - sum(count_words(note) for note in notes)
    if left > 0:
        chapter.skipped_words["notes"] = left
    else:
        chapter.skipped_words.pop("notes", None)
