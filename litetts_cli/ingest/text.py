"""Plain text -> :class:`Document`.

Paragraphs are separated by blank lines; the lines of a paragraph are joined with
spaces, except lines of verse, which each end with a pause (:mod:`.verse_lines`
tells a stanza from prose wrapped at a fixed width). (A file with no blank lines at all is read one paragraph per line.) A line
that starts a paragraph and reads like a chapter heading ("Chapter 12: The Title",
"CHAPTER ONE", "Part II", "Prologue", "Book One") starts a chapter; a short line
right under it is its subtitle. Without headings the text is one chapter named
after the file. Footnotes ("word[1]" with a "[1] ..." or "[Footnote 1: ...]" paragraph)
are set apart by :mod:`.text_notes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from litetts_cli.ingest import matter
from litetts_cli.ingest.boilerplate import strip_boilerplate
from litetts_cli.ingest.document import Chapter, Document, SkippedPart
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.text_notes import separate_notes
from litetts_cli.ingest.textutil import clean_text, is_speakable
from litetts_cli.ingest.verse_lines import join_verse, verse_lines, wrap_width

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER_WORDS = (
    rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:{_UNITS}))?"
    rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_UNITS}|hundred"
)
_NUMBERED = re.compile(
    rf"(?P<label>chapter|part|book)\s+(?P<number>\d{{1,4}}|[ivxlcdm]{{1,9}}|{_NUMBER_WORDS})"
    r"(?:(?P<sep>\s*[:.\-–—]\s*|\s+)(?P<title>\S.{0,90}?))?\s*\.?",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"(?P<label>prologue|epilogue|preface|foreword|introduction|afterword|interlude)"
    r"(?:(?P<sep>\s*[:.\-–—]\s*)(?P<title>\S.{0,90}?))?\s*\.?",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", re.IGNORECASE)
_MAX_HEADING_LENGTH = 100
_SENTENCE_END = tuple(".!?,;:…")
# This many headings in a row with nothing between them is a contents list, not chapters.
_CONTENTS_RUN = 3


def heading_title(line: str) -> str | None:
    """The chapter title if ``line`` is a chapter heading, else ``None``.

    >>> heading_title("CHAPTER IV. The Storm")
    'CHAPTER IV. The Storm'
    """
    if len(line) > 4 * _MAX_HEADING_LENGTH:
        return None
    text = clean_text(line)
    if not text or len(text) > _MAX_HEADING_LENGTH:
        return None
    match = _NUMBERED.fullmatch(text) or _NAMED.fullmatch(text)
    if match is None:
        return None
    number = match.groupdict().get("number") or ""
    if number.isalpha() and not _is_number_word(number) and not _ROMAN.fullmatch(number):
        return None  # "Chapter mild" is not "Chapter MI"
    title = match.group("title") or ""
    if title and match.group("sep").isspace() and any(c.islower() for c in title):
        return None  # "Chapter one was boring." is a sentence, "CHAPTER I THE STORM" a heading
    return text


_PAGE_REFERENCE = re.compile(r"\S(?:\s{2,}|\s*(?:\.\s?){2,}\s*|\t+)(?:\d{1,4}|[ivxlc]{1,7})\s*$", re.IGNORECASE)
"""A contents line's page number, set off by a column of spaces or dot leaders."""


def _page_numbered(lines: list[str]) -> bool:
    """A block of contents lines with page numbers ("II. The Old Mint      13"): Jack
    Sheppard's Gutenberg text read its contents as three chapters ("CHAPTER I. The Widow
    and her Child 1", 46 words) because only each list's first line says "CHAPTER"."""
    numbered = sum(1 for line in lines if _PAGE_REFERENCE.search(line))
    return numbered >= _CONTENTS_RUN and numbered * 3 >= len(lines) * 2


_NAME_WORDS = 10
_NAME_LENGTH = 60


def _names_the_chapter(heading: str, lines: list[str]) -> bool:
    """The block after a bare "CHAPTER I." is its name: one short title-cased line
    ("The Widow and her Child."), not the chapter's first sentence or a quotation."""
    match = _NUMBERED.fullmatch(heading)
    if match is None or match.group("title") or len(lines) != 1:
        return False
    text = clean_text(lines[0])
    words = text.rstrip(".").split()
    if not 0 < len(text) <= _NAME_LENGTH or len(words) > _NAME_WORDS or heading_title(text):
        return False
    if not text[0].isupper() or text.endswith((",", ";", ":", "!", "?", "…")) or ". " in text:
        return False
    return len(words) >= 2 and all(w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words)


_TITLE_SMALL_WORDS = frozenset(
    "a an the and or but nor of in on at to by for from with into upon her his its their our my your".split()
)
"""Words a title-cased English name leaves in lower case ("The Widow and her Child")."""


def _is_number_word(word: str) -> bool:
    return re.fullmatch(_NUMBER_WORDS, word, re.IGNORECASE) is not None


@dataclass
class _Block:
    line: int
    lines: list[str]


def text_to_document(text: str, title: str, options: IngestOptions) -> Document:
    """Split plain text into chapters and paragraphs.

    Args:
        text: the whole text, already decoded.
        title: the document title (from the file name), also the title of a text
            without headings and of what comes before the first heading.
        options: ingest options (``include_front_matter`` keeps contents lists).
    """
    doc = Document(chapters=[], title=title)
    current: Chapter | None = None
    blocks = _blocks(text)
    width = wrap_width(text.splitlines())
    while blocks:
        block = blocks.pop()
        headings = [heading_title(line) for line in block.lines]
        if sum(1 for h in headings if h) >= _CONTENTS_RUN or _page_numbered(block.lines):
            entries = _take_contents_label(doc.chapters) + [clean_text(l) for l in block.lines if is_speakable(l)]
            contents = _contents(doc, entries, f"line {block.line}", options)
            if contents is not None:
                doc.chapters.append(contents)
            # Text after the list continues whatever chapter is now last.
            current = doc.chapters[-1] if doc.chapters else None
            continue
        if headings[0] and len(headings) > 1 and headings[1]:
            # "PART ONE" right over "CHAPTER 1": two headings, the first with no text of its own.
            blocks.append(_Block(block.line + 1, block.lines[1:]))
            block = _Block(block.line, block.lines[:1])
        if headings[0]:
            current, rest = _start_chapter(headings[0], block, width)
            if not rest and len(block.lines) == 1 and blocks and _names_the_chapter(headings[0], blocks[-1].lines):
                # "CHAPTER I." then, a blank line below, "The Widow and her Child." (Gutenberg's texts)
                name = clean_text(blocks.pop().lines[0]).rstrip(".")
                current.title = current.paragraphs[0] = f"{current.title.rstrip('.')}: {name}"
            doc.chapters.append(current)
            if rest:
                current.paragraphs.append(rest)
            continue
        paragraph = join_block(block.lines, width)
        if not is_speakable(paragraph):
            continue
        if current is None:
            current = Chapter(title=title, source=f"line {block.line}")
            doc.chapters.append(current)
        current.paragraphs.append(paragraph)
    _fold_contents_lists(doc, options)
    strip_boilerplate(doc, title, options)  # first: notes read at a chapter's end go after its text, not the licence
    notes = separate_notes(doc.chapters, options.notes)
    if notes and options.notes == "skip":
        doc.warnings.append(f"Not read aloud: {notes} footnote(s); --notes end-of-chapter reads them")
    doc.chapters = [c for c in doc.chapters if c.paragraphs]
    return doc


def _contents(doc: Document, entries: list[str], source: str, options: IngestOptions) -> Chapter | None:
    """A contents list as a chapter to read, or ``None`` once it is recorded as skipped."""
    contents = Chapter(title="Contents", paragraphs=entries, source=source)
    if options.include_front_matter:
        return contents
    doc.skipped.append(SkippedPart("Contents", matter.CONTENTS, source, contents.word_count))
    doc.warnings.append(
        f"Skipped a contents list at {source} ({len(entries)} entries); "
        "set include_front_matter (--include-front-matter) to read it"
    )
    return None


def _take_contents_label(chapters: list[Chapter]) -> list[str]:
    """A "Contents" line just before a contents list belongs to it (it is removed from ``chapters``)."""
    if not chapters or not chapters[-1].paragraphs:
        return []
    if matter.reason_for_title(chapters[-1].paragraphs[-1]) != matter.CONTENTS:
        return []
    last = chapters[-1]
    label = last.paragraphs.pop()
    last.heading_indices = [i for i in last.heading_indices if i < len(last.paragraphs)]
    if not last.paragraphs:
        chapters.pop()
    return [label]


def _start_chapter(heading: str, block: _Block, width: int) -> tuple[Chapter, str]:
    rest = block.lines[1:]
    title = heading
    if len(rest) == 1 and len(rest[0].strip()) <= 80 and not rest[0].strip().endswith(_SENTENCE_END):
        title = f"{heading}: {clean_text(rest[0])}"  # "Chapter 1" over "The Beginning"
        rest = []
    chapter = Chapter(title=title, paragraphs=[title], source=f"line {block.line}", heading_indices=[0])
    return chapter, join_block(rest, width) if rest else ""


def _blocks(text: str) -> list[_Block]:
    """Paragraph blocks, last first (the caller pops them)."""
    lines = text.replace("\x0c", "\n\n").splitlines()
    if len(lines) > 1 and all(line.strip() for line in lines):
        return [_Block(n, [line]) for n, line in enumerate(lines, start=1)][::-1]
    blocks: list[_Block] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(_Block(start, current))
            current = []
    if current:
        blocks.append(_Block(start, current))
    blocks.reverse()
    return blocks


_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]{1,300}?)(?<=[^\s_])_(?![\w_])")
"""Plain-text italics, "_was_" (Project Gutenberg's): the marks are not spoken, and an
all-capital word inside them was spelled letter by letter ("_TENTH IMPRESSION_").
snake_case and __dunder__ names have word characters or doubled marks around them."""


def join_block(lines: list[str], width: int) -> str:
    """A block of lines as one paragraph: lines of verse each end with a pause (see
    :mod:`.verse_lines`), wrapped prose is joined with spaces."""
    verse = verse_lines(lines, width)
    if verse is None:
        return join_lines(lines)
    # A line's own emphasis marks go first, so "_His spirit with beer,_" is seen to end in a comma.
    return join_lines([join_verse([_UNDERSCORE_EMPHASIS.sub(r"\1", line) for line in verse])])


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines with spaces (``exam-`` + ``ple`` joins without one), and drop
    underscore emphasis marks."""
    pieces: list[str] = []
    previous = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if pieces:
            hyphenated = len(previous) > 1 and previous[-1] == "-" and previous[-2].isalpha()
            pieces.append("" if hyphenated and stripped[0].islower() else " ")
        pieces.append(stripped)
        previous = stripped
    return _UNDERSCORE_EMPHASIS.sub(r"\1", clean_text("".join(pieces)))


def _fold_contents_lists(doc: Document, options: IngestOptions) -> None:
    """Turn a run of heading-only "chapters" (a contents list) into one contents page."""
    folded: list[Chapter] = []
    run: list[Chapter] = []

    def close_run() -> None:
        if len(run) < _CONTENTS_RUN:
            folded.extend(run)
        else:
            entries = _take_contents_label(folded) + [c.title for c in run]
            contents = _contents(doc, entries, run[0].source, options)
            if contents is not None:
                folded.append(contents)
        run.clear()

    for chapter in doc.chapters:
        if chapter.heading_indices == [0] and len(chapter.paragraphs) == 1:
            run.append(chapter)
        else:
            close_run()
            folded.append(chapter)
    close_run()
    doc.chapters = folded
