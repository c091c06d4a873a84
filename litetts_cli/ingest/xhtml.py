"""(X)HTML content documents -> sections of paragraphs to read aloud.

A content document is walked once, in document order. Each block element (p, li,
blockquote, h1-h6, div, ...) ends a paragraph; inline markup is flattened. What a
listener should not hear is left out: footnote markers and bodies, page and
paragraph numbers, scripts, hidden elements, tables (their captions are read; a play
set as a table, persona cell then speech, is read as "Name. Speech") and
images (their alt text is read). The walk can also cut the document into sections at
given anchors, for EPUBs whose table of contents points into one file several times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from litetts_cli.ingest.elements import (
    BLOCKS, HEADINGS, comparable_text, element_language, entity_text, furniture, is_generic_alt, is_hidden,
    is_line_block, is_note_marker, is_page_number, is_script_table, is_verse, is_verse_line, local_name,
    semantic_types, ssml_alphabet, text_of, word_count,
)
from litetts_cli.g2p.markup import plain_text
from litetts_cli.ingest.markup import HTML_PARSER
from litetts_cli.ingest.mathml import spoken_math
from litetts_cli.ingest.spans import foreign_markup, is_foreign, lexicon_pattern
from litetts_cli.ingest.textutil import clean_text, ensure_line_end, ensure_terminal_punctuation, is_speakable
from litetts_cli.ingest.verse_lines import LINE_BREAK, hand_set_lines, preformatted_verse

_TITLE_HEADINGS = frozenset({"h1", "h2", "h3"})
# Fragments rather than sentences: give them a stop so speech does not run on.
_PUNCTUATED_BLOCKS = frozenset({"li", "dt", "dd", "figcaption", "caption", "summary", "legend"})
# <object> is not here: a reader that cannot run the object shows its fallback content
# (EPUB 3 widgets: a quiz's questions, a gallery's figures), and so does litetts.
_SKIPPED_TAGS = frozenset(
    "head title script style template noscript svg audio video embed iframe canvas rt rp "
    "button input select textarea map meta link param".split()
)
_IMAGE_TAGS = frozenset({"img", "image", "area"})

_NOTE_BODY_TYPES = frozenset({"footnote", "note", "footnotes"})
_ASIDE_NOTE_TYPES = frozenset({"endnote", "rearnote", "annotation"})
_ENDNOTE_TYPES = frozenset({"endnote", "rearnote", "footnote", "note"})
_NOTES_LIST_TYPES = frozenset({"endnotes", "rearnotes", "footnotes"})
"""A list of notes: each of its items with an id is a note (Standard Ebooks, Pandoc)."""
# Navigation for reading systems, never text: the table of contents itself is kept.
_NAVIGATION_AIDS = frozenset({"landmarks", "page-list"})
# Page furniture of generated books (Sphinx's relbar and sidebar, breadcrumbs), never text.
_SSML_PH = "{http://www.w3.org/2001/10/synthesis}ph"


@dataclass
class Section:
    """A stretch of a content document: all of it, or from one split anchor to the next."""

    anchor: str | None
    """The id this section starts at; ``None`` for the start of the document."""
    paragraphs: list[str] = field(default_factory=list)
    heading_indices: list[int] = field(default_factory=list)
    first_heading: str = ""
    """Text of the first h1-h3, a fallback chapter title."""
    types: set[str] = field(default_factory=set)
    """``epub:type`` and ARIA ``role`` values seen before the section's first text
    (on its body, wrapping sections, the anchor element): what kind of page it is."""
    tables_skipped: int = 0
    notes_skipped: int = 0
    has_text: bool = False
    language: str = ""
    """``xml:lang``/``lang`` in force where the section's text starts ("" if none)."""
    language_on_root: bool = False
    """Whether that language was declared on the document's root element."""
    skipped_words: dict[str, int] = field(default_factory=dict)
    """Words not read, by reason: ``notes``, ``tables``, ``math``, ``navigation``, ``page numbers``."""
    notes: list[str] = field(default_factory=list)
    """Text of the footnotes and notes found in the section (for ``--notes end-of-chapter``)."""
    note_links: list[str] = field(default_factory=list)
    """Hrefs of the note markers skipped in the section, in order."""
    note_bodies: dict[str, str] = field(default_factory=dict)
    """Endnotes in the section by id (an endnotes page's ``<li epub:type="endnote">``)."""

    def skip(self, reason: str, words: int) -> None:
        if words:
            self.skipped_words[reason] = self.skipped_words.get(reason, 0) + words


def extract_sections(
    root: etree._Element, split_at: frozenset[str] = frozenset(), pronounce: dict[str, str] | None = None,
    language: str = "",
) -> list[Section]:
    """Paragraphs of a parsed document, cut into sections at the ids in ``split_at``.

    The first section (anchor ``None``) holds what comes before the first split
    anchor found, and may be empty. ``pronounce`` maps words to IPA (a PLS lexicon
    the document links to); they and ``ssml:ph`` attributes become ``[word](/ipa/)``,
    as do the words of inline text in another language than the document's (its root's
    ``xml:lang``, else ``language``, the book's): see :mod:`.spans`.
    """
    walker = _Walker(split_at, pronounce or {}, language)
    walker.walk(root)
    return walker.sections


def fragment_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment, such as a raw HTML block in Markdown."""
    try:
        root = lxml.html.document_fromstring(f"<div>{markup}</div>", parser=HTML_PARSER)
    except (etree.ParserError, ValueError):
        return []
    return [p for s in extract_sections(root) for p in s.paragraphs]


class _Walker:
    """One pass over a document tree, collecting paragraphs into sections."""

    def __init__(self, split_at: frozenset[str], pronounce: dict[str, str], language: str = ""):
        self.split_at = split_at
        self.pronounce = pronounce
        self.language = language
        self._lexicon = lexicon_pattern(tuple(pronounce))
        self._langs: list[tuple[str, bool]] = []
        self._lang_blocks: list[bool] = []
        """Whether each ``_langs`` entry is a block's (the language a section starts in)."""
        self.sections = [Section(anchor=None)]
        self._split_done: set[str] = set()
        self._buffer: list[str] = []
        self._buffer_has_text = False
        self._after_break = False
        self._line_ended = False
        """A line of verse ended at a <br/>: it gets its pause when the next line starts."""
        self._verse: list[bool] = []
        """Whether each open element is inside a poem, song or stanza."""
        self._lines: list[bool] = []
        """Whether each open element is one line of verse: it ends with a line's pause, not a paragraph."""
        self._stanzas: dict[etree._Element, bool] = {}
        self._blocks: list[str] = []
        self._open_types: list[set[str]] = []
        self._figcaptions: list[str] = []
        self._endnote: tuple[etree._Element, str, int] | None = None
        """The endnote being read: its element, id and first paragraph."""
        self._speaker: str | None = None
        """In a play's table: the name in the persona cell, said before the speech it
        heads ("" while that cell is being read)."""

    def walk(self, root: etree._Element) -> None:
        # An explicit stack, not recursion: some converters nest thousands deep.
        stack = []
        if self._start(root):
            stack.append((root, iter(root)))
        while stack:
            el, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                self._end(el, descended=True)
            elif self._start(child):
                stack.append((child, iter(child)))
            else:
                self._end(child, descended=False)
        self._flush()

    # -- events ---------------------------------------------------------------

    def _start(self, el: etree._Element) -> bool:
        """Handle an opening tag; True to walk into its children."""
        if isinstance(el, etree._Entity):
            self._add_text(entity_text(el))
            return False
        name = local_name(el)
        if not name:
            return False
        types = semantic_types(el)
        anchor = el.get("id") or (el.get("name") if name == "a" else None)
        if anchor and anchor in self.split_at and anchor not in self._split_done:
            self._split_done.add(anchor)
            self._split(anchor, types)
        section = self.sections[-1]
        if not section.has_text:
            section.types |= types
        if name in _IMAGE_TAGS or (name == "input" and (el.get("type") or "").lower() == "image"):
            if not is_hidden(el):
                self._image(el)
            return False
        if name in _SKIPPED_TAGS or is_hidden(el):
            return False
        if is_page_number(el) or "pagebreak" in types:
            section.skip("page numbers", word_count(el))
            return False
        if is_note_marker(el, name, types):
            section.skip("notes", word_count(el))
            link = el if name == "a" else next((a for a in el.iter() if local_name(a) == "a"), None)
            if link is not None and "#" in (link.get("href") or "") and "backlink" not in types:
                section.note_links.append(link.get("href"))
            return False
        skipped = "navigation" if name == "nav" and types & _NAVIGATION_AIDS else furniture(el, name, types)
        if skipped:
            section.skip(skipped, word_count(el))
            return False
        if "pullquote" in types or "pullquote" in (el.get("class") or "").lower().split():
            section.skip("pull quotes", word_count(el))  # a quote repeated from the text around it
            return False
        if types & _NOTE_BODY_TYPES or (name == "aside" and types & _ASIDE_NOTE_TYPES):
            section.notes_skipped += 1
            section.skip("notes", word_count(el))
            note = _Walker(frozenset(), self.pronounce, self.language)
            note._add_text(el.text)
            for child in el:
                note.walk(child)
            section.notes.extend(note.sections[0].paragraphs)
            return False
        if name == "table" and not is_script_table(el):
            self._table(el)
            return False
        if self._speaker is None and "z3998:persona" in types and name in ("td", "th"):
            self._flush()
            self._speaker = ""  # collected until the cell ends: the speech that follows is theirs
        if name == "math":
            spoken = spoken_math(el)
            if spoken:
                gap = " " if (el.tail or "")[:1].isalnum() else ""  # no space before "." or ","
                self._add_text(f" {spoken}{gap}")
            else:
                section.skip("math", max(1, word_count(el)))
            return False
        phonemes = el.get(_SSML_PH)
        if phonemes and ssml_alphabet(el) == "ipa":
            word = clean_text("".join(el.itertext()))
            if word:
                self._add_text(f"[{word}](/{phonemes.strip()}/)")
                return False
        if name == "br":
            self._line_break()
            return False
        if name == "pre" and (verse := preformatted_verse("".join(el.itertext()))) is not None:
            for stanza in verse:  # verse set as preformatted text: a paragraph a stanza
                self._flush()
                self._add_text(stanza)
            self._flush()
            return False
        in_verse = bool(self._verse) and self._verse[-1]
        line = in_verse and (is_verse_line(el) or is_line_block(el, self._stanzas))
        if name in BLOCKS:
            if not line:
                self._flush()
            self._blocks.append(name)
            in_notes = name == "li" and any(t & _NOTES_LIST_TYPES for t in self._open_types)
            if (types & _ENDNOTE_TYPES or in_notes) and el.get("id") and self._endnote is None:
                self._endnote = (el, el.get("id"), len(section.paragraphs))
            if name == "figure":
                captions = [c for c in el if local_name(c) == "figcaption"]
                self._figcaptions.append(comparable_text(text_of(captions[0])) if captions else "")
        self._open_types.append(types)
        self._verse.append(in_verse or is_verse(el, types))
        self._lines.append(line)
        own = element_language(el)
        # (language, declared on the root <html>): converters stamp a default there.
        self._langs.append((own, not self._langs) if own else (self._langs[-1] if self._langs else ("", False)))
        self._lang_blocks.append(name in BLOCKS)
        self._add_text(el.text)
        return True

    def _end(self, el: etree._Element, descended: bool) -> None:
        if descended:
            name = local_name(el)
            if self._speaker == "" and name in ("td", "th") and "z3998:persona" in self._open_types[-1]:
                self._speaker = hand_set_lines(clean_text("".join(self._buffer))) if self._buffer_has_text else None
                self._buffer.clear()
                self._buffer_has_text = False
            elif name == "tr" and self._speaker:
                self._buffer, self._buffer_has_text = [ensure_terminal_punctuation(self._speaker)], True  # no speech
                self._speaker = None
            if self._lines.pop():
                self._line_ended = self._line_ended or self._buffer_has_text  # the stanza goes on
            elif name in BLOCKS:
                self._flush()  # while the block's types are open: <p epub:type="title">
            if name in BLOCKS:
                self._blocks.pop()
                if self._endnote is not None and self._endnote[0] is el:
                    _, note_id, first = self._endnote
                    section = self.sections[-1]
                    section.note_bodies[note_id] = " ".join(section.paragraphs[first:])
                    self._endnote = None
                if name == "figure":
                    self._figcaptions.pop()
            self._open_types.pop()
            self._verse.pop()
            self._langs.pop()
            self._lang_blocks.pop()
        self._add_text(el.tail)

    # -- content --------------------------------------------------------------

    def _add_text(self, text: str | None) -> None:
        if not text:
            return
        if self._langs and self._is_foreign(self._langs[-1][0]):
            text = foreign_markup(text, self._langs[-1][0])
        if self._line_ended and not text.isspace():
            self._buffer, self._line_ended = [ensure_line_end(hand_set_lines("".join(self._buffer))), " "], False
        self._buffer.append(text)
        if not self._buffer_has_text and not text.isspace():
            self._buffer_has_text = True
            self._after_break = False
            section = self.sections[-1]
            if not section.has_text:
                section.has_text = True
                section.language, section.language_on_root = self._block_language()
        elif not text.isspace():
            self._after_break = False

    def _is_foreign(self, here: str) -> bool:
        """Text in ``here`` is foreign to its page (its root's language, else the book's) and
        to its section: a section that starts in it (a French chapter) is read in it instead.
        A section's language is its first block's, so an inline phrase that opens it
        (``<p><i xml:lang="la">Carpe diem</i>, he said``) is foreign like any other."""
        section, page = self.sections[-1], next((t for t, _ in self._langs if t), self.language)
        language = section.language if section.has_text else self._block_language()[0]
        return is_foreign(here, page) and is_foreign(here, language or page)

    def _block_language(self) -> tuple[str, bool]:
        """(language, declared on the root) of the innermost open block."""
        return next((lang for lang, block in zip(reversed(self._langs), reversed(self._lang_blocks)) if block),
                    self._langs[0] if self._langs else ("", False))

    def _line_break(self) -> None:
        # One <br/> is a line break inside a paragraph; two in a row end it. In verse the
        # line it ends gets a pause once another line follows (a stanza's last keeps its stop).
        if self._after_break:
            self._flush()
        else:
            in_verse = bool(self._verse) and self._verse[-1]
            self._buffer.append(" " if in_verse else f" {LINE_BREAK} ")  # outside verse: hand_set_lines decides
            self._after_break = True
            self._line_ended = self._buffer_has_text and in_verse

    def _flush(self) -> None:
        text = hand_set_lines(clean_text("".join(self._buffer))) if self._buffer_has_text else ""
        self._buffer.clear()
        self._buffer_has_text = False
        self._after_break = False
        self._line_ended = False
        if not text or not is_speakable(text):
            return
        if self._lexicon is not None:
            text = self._lexicon.sub(self._phoneme_markup, text)
        if self._speaker:
            text, self._speaker = f"{ensure_terminal_punctuation(self._speaker)} {text}", None
        section = self.sections[-1]
        kind = self._blocks[-1] if self._blocks else ""
        if kind in ("p", "div") and len(self._blocks) > 1 and self._blocks[-2] in _PUNCTUATED_BLOCKS:
            kind = self._blocks[-2]  # <li><p>item</p></li> is still a list item
        if kind in HEADINGS:
            section.heading_indices.append(len(section.paragraphs))
            if kind in _TITLE_HEADINGS and not section.first_heading:
                section.first_heading = plain_text(text)  # a title: no phoneme markup
        elif self._open_types and "title" in self._open_types[-1]:
            # <p epub:type="title"> (Standard Ebooks' hgroup: "I" then "A Voyage to Lilliput"):
            # a heading by its semantics, so a chapter title that says it is not said twice.
            section.heading_indices.append(len(section.paragraphs))
            section.first_heading = section.first_heading or plain_text(text)
        elif kind in _PUNCTUATED_BLOCKS:
            text = ensure_terminal_punctuation(text)
        section.paragraphs.append(text)

    def _phoneme_markup(self, match: re.Match) -> str:
        word = match.group(0)
        ipa = self.pronounce.get(word) or self.pronounce.get(word.lower())
        return f"[{word}](/{ipa}/)" if ipa else word

    def _split(self, anchor: str, types: set[str]) -> None:
        self._flush()
        opened: set[str] = set(types)
        for outer in self._open_types:
            opened |= outer
        self.sections.append(Section(anchor=anchor, types=opened))

    def _table(self, el: etree._Element) -> None:
        self._flush()
        self.sections[-1].tables_skipped += 1
        captions = [c for c in el if local_name(c) == "caption"]
        self.sections[-1].skip("tables", word_count(el) - sum(word_count(c) for c in captions))
        for caption in captions:
            inner = _Walker(frozenset(), self.pronounce, self.language)
            inner.walk(caption)
            for paragraph in inner.sections[0].paragraphs:
                self.sections[-1].paragraphs.append(ensure_terminal_punctuation(paragraph))
                self.sections[-1].has_text = True

    def _image(self, el: etree._Element) -> None:
        alt = clean_text(el.get("alt") or "")
        if not alt or is_generic_alt(alt) or comparable_text(alt) in self._figcaptions:
            return
        if len(alt) == 1 and alt.isalpha():
            self._add_text(alt)  # a drop capital drawn as an image: "T" + "he story"
            return
        standalone = not self._buffer_has_text and not (el.tail or "").strip()
        self._add_text(f" {ensure_terminal_punctuation(alt) if standalone else alt} ")
