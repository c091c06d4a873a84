"""Parts of an EPUB's spine -> the document's chapters.

In order: each part gets a language; front and back matter is set aside; the rest is
grouped into chapters at the TOC level a listener expects (:mod:`.structure`); divider
pages join the chapter after them; chapters in another language than the book's are
set aside unless asked for; and every word not read is counted with its reason.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter

from litetts_cli.g2p.detect import detect_chapter_language
from litetts_cli.g2p.markup import plain_text
from litetts_cli.ingest import language as lang
from litetts_cli.ingest import matter
from litetts_cli.ingest.document import Chapter, Document, SkippedPart
from litetts_cli.ingest.elements import CONTENTS_LISTS
from litetts_cli.ingest.epub_nav import NavLink, resolve_href
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.reading import count_words
from litetts_cli.ingest.structure import Group, Part, ancestors, chapter_heads, child_tree, containers, is_divider
from litetts_cli.numerals import numeral_value

OTHER_LANGUAGE = "other language"
_BARE_NUMBER = re.compile(r"[\d\W_]*")
_PROSE_BESIDE_CONTENTS = 60
"""Words a contents page must still have once its lists of links are left out to be read."""


def assign_languages(parts: list[Part], doc: Document) -> None:
    """Give each part a language: its ``xml:lang``, else the book's, checked by detection.

    A part declared in the book's own language (or not at all) that is clearly written
    in another one (a translation in a Sphinx build's spine) gets the detected one.
    """
    book = lang.canonical(doc.language)
    if not book:
        votes = Counter()
        for part in parts:
            found = detect_chapter_language(" ".join(part.section.paragraphs))
            if found:
                votes[found] += part.words
        book = votes.most_common(1)[0][0] if votes else ""
        doc.language = book
    for part in parts:
        declared = lang.canonical(part.section.language) or book
        if lang.primary(declared) == lang.primary(book):
            declared = book  # "en" on the page, "en-US" for the book: the more precise one
        found = detect_chapter_language(" ".join(part.section.paragraphs))
        if found and found != lang.primary(declared):
            part.language = found
        elif not found and lang.primary(declared) != lang.primary(book) and part.section.language_on_root:
            # Too short to tell, and declared only on <html>: converters stamp their own
            # default there (ebooklib writes lang="en"), so a page is not set aside on it.
            part.language = book
        else:
            part.language = declared


def assemble(parts: list[Part], toc: list[NavLink], doc: Document, options: IngestOptions) -> None:
    """Fill ``doc.chapters`` (and ``doc.skipped``, ``doc.warnings``) from ``parts``."""
    kept, set_aside = _set_aside_matter(parts, doc, options)
    groups, heads = _group(kept, toc, options)
    groups = _without_matter_sections(groups, set_aside)
    groups = _merge_dividers(groups, containers(heads, toc))
    chapters = [_chapter(g, options, number) for number, g in enumerate(groups, start=1)]
    chapters = [c for c in chapters if c is not None]
    qualify_titles(chapters, doc.title)
    doc.chapters = _set_aside_languages(chapters, doc, options)
    _summarise(doc, options, sum(p.section.notes_skipped for p in kept), sum(p.section.tables_skipped for p in kept))


def _set_aside_matter(parts: list[Part], doc: Document, options: IngestOptions
                      ) -> tuple[list[Part], dict[int, SkippedPart]]:
    """The parts to read, and the skipped parts by the TOC entry whose page they are."""
    kept = []
    set_aside: dict[int, SkippedPart] = {}
    for part in parts:
        reason = matter.classify(
            kinds=part.kinds, titles=[*part.titles, part.heading_title], file_stem=part.file_stem, words=part.words
        )
        if reason == matter.CONTENTS and part.section.skipped_words.get(CONTENTS_LISTS, 0) \
                and part.words >= _PROSE_BESIDE_CONTENTS:
            # A landing page the guide calls the contents (Sphinx's index: a welcome, then
            # toctrees): its lists are left out as navigation; its prose is the book's.
            reason = None
        if reason == matter.NOTES and options.notes == "end-of-chapter":
            if _endnotes_placed(part, parts):
                continue  # every note is read at the end of the chapter that marks it
            reason = None  # read where it stands
        part.reason = reason
        if reason and not options.include_front_matter:
            # A cover or contents page is better named for what it is than by its heading.
            title = ": ".join(part.titles) or reason.capitalize()
            doc.skipped.append(SkippedPart(title, reason, part.source, part.words + _skipped_total(part)))
            if part.node is not None:
                set_aside.setdefault(part.node, doc.skipped[-1])
            part.node = None
            continue
        if not part.section.paragraphs:
            title = ": ".join(part.titles) or (reason.capitalize() if reason else part.heading_title)
            label = f"'{title}'" if title else "a page"
            doc.warnings.append(f"Dropped empty chapter {label} ({part.source}): it has no readable text")
            skipped = part.section.skipped_words
            if sum(skipped.values()):  # what it held is still counted, under its main reason
                doc.skipped.append(SkippedPart(title or part.source, max(skipped, key=skipped.get), part.source,
                                               _skipped_total(part)))
            continue
        kept.append(part)
    return kept, set_aside


def _without_matter_sections(groups: list[Group], set_aside: dict[int, SkippedPart]) -> list[Group]:
    """Groups whose heading page was set aside are its sections, set aside with it: the
    GNU FDL appendix of a DocBook guide is one page per section, and only its first page
    was named as a licence (3,209 of its 3,254 words were read)."""
    kept = []
    for group in groups:
        skipped = set_aside.get(group.key) if group.key is not None else None
        if skipped is None:
            kept.append(group)
            continue
        skipped.words += group.words + sum(_skipped_total(p) for p in group.parts)
    return kept


def _endnotes_placed(notes_page: Part, parts: list[Part]) -> bool:
    """Hand each endnote of an endnotes page to the parts whose markers link to it, as
    their notes to read after their chapter; True when every note found its chapter."""
    bodies = notes_page.section.note_bodies
    if not bodies:
        return False
    page = notes_page.source.partition("#")[0]
    placed: dict[int, list[str]] = {}
    used: set[str] = set()
    for index, part in enumerate(parts):
        base = posixpath.dirname(part.source.partition("#")[0])
        for href in part.section.note_links:
            target = resolve_href(base, href)
            if target is not None and target[0] == page and target[1] in bodies:
                placed.setdefault(index, []).append(bodies[target[1]])
                used.add(target[1])
    if used != set(bodies):
        return False
    for index, texts in placed.items():
        parts[index].section.notes.extend(texts)
    return True


def _skipped_total(part: Part) -> int:
    return sum(part.section.skipped_words.values())


def _group(parts: list[Part], toc: list[NavLink], options: IngestOptions) -> tuple[list[Group], dict[int, int]]:
    own_words: dict[int, int] = Counter()
    own_types: dict[int, set[str]] = {}
    for part in parts:
        if part.node is not None:
            own_words[part.node] += part.words
            own_types.setdefault(part.node, set()).update(part.kinds)
    heads = chapter_heads(toc, own_words, own_types, options.toc_depth)
    has_toc = any(p.titles for p in parts)
    groups: list[Group] = []
    can_continue = False
    for part in parts:
        head = heads.get(part.node) if part.node is not None else None
        current = groups[-1] if groups else None
        if head is not None and current is not None and current.key == head:
            current.parts.append(part)
            continue
        only_headings = len(part.section.heading_indices) == len(part.section.paragraphs)
        repeats_title = bool(current) and _words(part.heading_title) == _words(current.title) != ""
        if head is None and not part.titles and (not part.heading_title or only_headings or repeats_title) \
                and has_toc and can_continue and current:
            # A converter's split of the chapter before; a page outside the contents with
            # nothing but its heading (its table or figure skipped): a section of that chapter,
            # not a part title to glue onto the next one; or a page outside the contents
            # headed by that chapter's own title (Pandoc's title section, then its first
            # chapter under the same h1): the same chapter, its title said once.
            current.parts.append(part)
            continue
        if head is not None and part.node != head:
            title = toc[head].title
        else:
            # A cover or contents page is better named for what it is than by its heading.
            title = ": ".join(part.titles) or (part.reason.capitalize() if part.reason else part.heading_title)
        group = Group(parts=[part], key=head, title=title)
        if head is not None:
            group.children = child_tree(toc, head, heads, own_words)
            group.parents = ancestors(toc, head)
        groups.append(group)
        can_continue = part.reason is None
    return groups, heads


def _merge_dividers(groups: list[Group], container_keys: set[int]) -> list[Group]:
    """A part or book title page joins the chapter that follows it."""
    merged: list[Group] = []
    pending: list[Group] = []
    for index, group in enumerate(groups):
        if index + 1 < len(groups) and group.title and is_divider(group, container_keys, groups[index + 1]):
            pending.append(group)
            continue
        if pending:
            group.prefix_titles = [g.title for g in pending] + group.prefix_titles
            group.parts = [p for g in pending for p in g.parts] + group.parts
            pending = []
        merged.append(group)
    return merged


def _chapter(group: Group, options: IngestOptions, number: int) -> Chapter | None:
    paragraphs: list[str] = []
    headings: list[int] = []
    notes: list[str] = []
    skipped: Counter = Counter()
    languages: Counter = Counter()
    for position, part in enumerate(group.parts):
        offset = len(paragraphs)
        own, own_headings = part.section.paragraphs, part.section.heading_indices
        if position and own_headings[:1] == [0] and _words(own[0]) == _words(group.title):
            # A later page of the chapter opening with the chapter's title again (see _group).
            own, own_headings = own[1:], [i - 1 for i in own_headings[1:]]
        paragraphs.extend(own)
        headings.extend(offset + i for i in own_headings)
        notes.extend(part.section.notes)
        skipped.update(part.section.skipped_words)
        languages[part.language] += part.words
    if not paragraphs:
        return None
    if options.notes == "end-of-chapter" and notes:
        headings.append(len(paragraphs))
        paragraphs.append("Notes.")
        paragraphs.extend(notes)
        skipped["notes"] -= sum(count_words(n) for n in notes)
        if skipped["notes"] <= 0:
            del skipped["notes"]
    title = _title(group, number)
    if not group.title and not group.parts[0].heading_title and 0 not in headings and _styled_heading(paragraphs[0]):
        # A page outside the contents whose heading is a styled <div> ("Le Guide Hachette
        # des vins : mode d'emploi"): that line names it, not an English "Chapter 1".
        title = _prefixed(group, plain_text(paragraphs[0]))
        headings = sorted({0, *headings})
    first = group.parts[0]
    return Chapter(
        title=title,
        paragraphs=paragraphs,
        source=first.source,
        heading_indices=headings,
        language=languages.most_common(1)[0][0] if languages else "",
        children=group.children,
        parents=group.parents,
        skipped_words={k: v for k, v in skipped.items() if v > 0},
    )


_STYLED_HEADING_WORDS = 12


def _styled_heading(paragraph: str) -> bool:
    """A short first line that ends no sentence: a heading set as a styled paragraph."""
    text = plain_text(paragraph).strip()
    return 0 < count_words(text) <= _STYLED_HEADING_WORDS and not text.endswith((".", "!", "?", "…", ",", ";"))


def _words(text: str) -> str:
    """Text compared by its words alone (case, punctuation, spacing and phoneme markup aside)."""
    return " ".join(re.findall(r"\w+", plain_text(text).casefold()))


def _title(group: Group, number: int) -> str:
    title = group.title
    heading = group.parts[0].heading_title
    if _BARE_NUMBER.fullmatch(title or ""):
        # "7" or "" says nothing: the heading ("Chapter 7: The Storm") or "Chapter 7" does.
        if heading and not _BARE_NUMBER.fullmatch(heading):
            title = heading
        else:
            # A title in braille cells (U+2800-U+28FF) or bare marks has no number to keep.
            digits = (title or "").strip(" .:") if _words(title or "") else ""
            title = f"Chapter {digits or number}"
    return _prefixed(group, title)


def _prefixed(group: Group, title: str) -> str:
    """The title after the titles of the pages that joined the chapter ("Part One: I"),
    each said once: a chapter's first page titled as the chapter is no prefix of its own."""
    return ": ".join([*(p for p in group.prefix_titles if _words(p) != _words(title)), title])


def qualify_titles(chapters: list[Chapter], book_title: str) -> None:
    """Name a part's chapters by the part too when their own titles do not tell them apart.

    Under a nested TOC only a part's first chapter carries the part's title (its divider
    page joins it: "Act I: Scene I"); the next ones were "Scene II" in Act I and again in
    Act II. When a chapter's title is also another chapter's, or is a bare numeral ("II"),
    every chapter of its part gets the part's title ("Act II: Scene II", "Part Two: II"),
    so one part's chapters read alike; then the next title up, while some are still not
    unique. The book's own title is never added, and a part whose titles are already
    unique ("II: The Mail") keeps them as they are.
    """
    book = book_title.strip().casefold()
    left = {id(c): [p for p in c.parents if p.strip() and p.strip().casefold() != book] for c in chapters}
    for _ in range(max((len(p) for p in left.values()), default=0)):
        counts = Counter(c.title.casefold() for c in chapters)
        unclear = {tuple(c.parents) for c in chapters
                   if left[id(c)] and (counts[c.title.casefold()] > 1 or numeral_value(c.title) is not None)}
        if not unclear:
            return
        for chapter in chapters:
            if tuple(chapter.parents) not in unclear:
                continue
            said = f": {chapter.title.casefold()}: "  # the part's own title may hold a colon
            if left[id(chapter)] and f": {left[id(chapter)][-1].casefold()}: " in said:
                left[id(chapter)].pop()  # "Act I: Scene I" already names its act
            elif left[id(chapter)]:
                chapter.title = f"{left[id(chapter)].pop()}: {chapter.title}"


def _set_aside_languages(chapters: list[Chapter], doc: Document, options: IngestOptions) -> list[Chapter]:
    book = lang.primary(doc.language)
    if options.languages is not None and not options.languages:
        return chapters  # --languages all
    wanted = options.languages or frozenset({book})
    kept = []
    set_aside = []
    for chapter in chapters:
        primary = lang.primary(chapter.language)
        if not book or not primary or primary in wanted:
            kept.append(chapter)
            continue
        reason = f"{OTHER_LANGUAGE} ({lang.name(primary)})"
        set_aside.append(
            SkippedPart(chapter.title, reason, chapter.source, chapter.word_count + sum(chapter.skipped_words.values()))
        )
    if chapters and not kept:
        # Nothing in the wanted language: better to read what there is, and not also call it
        # skipped (the IDPF Mahabharata, declared Sanskrit and detected as Hindi, listed all 18
        # of its chapters as read and as skipped, its 1.1 million words counted twice).
        return chapters
    doc.skipped.extend(set_aside)
    return kept


def _summarise(doc: Document, options: IngestOptions, note_count: int, table_count: int) -> None:
    matter_parts = [s for s in doc.skipped if not s.reason.startswith(OTHER_LANGUAGE)]
    other = [s for s in doc.skipped if s.reason.startswith(OTHER_LANGUAGE)]
    if matter_parts:
        listed = ", ".join(f"'{s.title}' ({s.reason})" for s in matter_parts)
        doc.warnings.append(
            f"Skipped front/back matter: {listed}; set include_front_matter (--include-front-matter) to read it"
        )
    if other:
        named = ", ".join(f"'{s.title}' ({s.reason[len(OTHER_LANGUAGE) + 2 : -1]})" for s in other[:6])
        more = f" and {len(other) - 6} more" if len(other) > 6 else ""
        words = sum(s.words for s in other)
        doc.warnings.append(
            f"Skipped {len(other)} chapter(s) not in the book's language ({lang.name(doc.language)}): "
            f"{named}{more}, {words} words; use --languages all to read them"
        )
    notes = sum(c.skipped_words.get("notes", 0) for c in doc.chapters)
    tables = sum(c.skipped_words.get("tables", 0) for c in doc.chapters)
    # Note markers alone (the bodies are endnotes, skipped above as back matter) are no news.
    parts = []
    if note_count and options.notes == "skip":
        parts.append(f"{note_count} footnote(s) ({notes} words; --notes end-of-chapter reads them)")
    if table_count:
        parts.append(f"{table_count} table(s) ({tables} words; their captions are read)")
    if parts:
        doc.warnings.append("Not read aloud: " + " and ".join(parts))
