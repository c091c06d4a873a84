"""What an (X)HTML element is: its name, semantic types, language, and whether it is
hidden, navigation furniture, a footnote marker or a page number. Read by the walker in
:mod:`litetts_cli.ingest.xhtml`."""

from __future__ import annotations

import html.entities
import re

from lxml import etree

from litetts_cli.ingest.language import declared
from litetts_cli.ingest.reading import count_words
from litetts_cli.ingest.textutil import clean_text

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCKS = HEADINGS | frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form header hgroup hr html legend li main nav ol p pre section summary ul tr td th "
    "tbody thead tfoot".split()
)
_MARKER_TYPES = frozenset({"noteref", "pagebreak", "backlink"})
_BACK_ARROW = re.compile(r"\s*[↩↑⤴⮌^]\ufe0e?\s*")
"""The link from a note back to its mark ("↩" in Standard Ebooks and Pandoc endnotes)."""
_FURNITURE_CLASSES = frozenset(
    "related sphinxsidebar sphinxsidebarwrapper relbar rellinks breadcrumb breadcrumbs navigation navbar "
    "nav-links headerlink skip-link footer header related-links familylinks "
    # Sphinx: the address printed after every external link ("GitHub [https://...]", epub_show_urls).
    "link-target".split()
)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SSML_ALPHABET = "{http://www.w3.org/2001/10/synthesis}alphabet"
_PAGE_NUMBER_CLASS = re.compile(r"(?:page|pg|para|paragraph|par|line)[-_]?(?:num|number|no|nr|break)|lnum")
"""Page, paragraph and line numbers set in the text ("lnum": the IDPF Waste Land's every tenth line)."""
_NOTE_LINK_HINT = re.compile(r"note|fn|ftn|foot|endn|ref", re.IGNORECASE)
_BRACKETED_MARKER = re.compile(r"\s*\[\s*[\w*†‡§¶]{1,6}\s*\]\s*")
_SYMBOL_MARKER = re.compile(r"\s*[(\[]?\s*(?:\d{1,4}|[*†‡§¶#]{1,4})\s*[)\]]?\s*")
_SHORT_MARKER = re.compile(r"\s*[(\[]?\s*(?:\d{1,4}|[*†‡§¶#]{1,4}|[a-z]|[ivxlc]{1,6})\s*[)\]]?\s*", re.IGNORECASE)


_VERSE_TYPES = frozenset({"z3998:poem", "z3998:verse", "z3998:song", "z3998:hymn", "z3998:lyrics"})
_VERSE_CLASSES = frozenset(
    {"poem", "poetry", "verse", "stanza", "song", "lyrics", "linegroup", "line-group", "line-block"}
)
"""Standard Ebooks' semantics, Project Gutenberg's classes for a poem or a stanza, the
IDPF Waste Land's div.linegroup (TEI's <lg>) and Pandoc's line blocks."""
_LINE_CLASSES = frozenset({"line", "verse-line"})


def is_verse(el: etree._Element, types: set[str]) -> bool:
    """A poem, song or stanza: its line breaks end lines of verse."""
    return bool(types & _VERSE_TYPES) or bool(set((el.get("class") or "").lower().split()) & _VERSE_CLASSES)


def is_verse_line(el: etree._Element) -> bool:
    """Marked as one line of verse: class "line" (<span class="line">), TEI's <l>."""
    return local_name(el) == "l" or bool(set((el.get("class") or "").lower().split()) & _LINE_CLASSES)


def _one_line(el: etree._Element) -> bool:
    """A block with no block, line break or marked line inside it."""
    return not any(
        local_name(d) in BLOCKS or local_name(d) == "br" or is_verse_line(d) for d in el.iterdescendants()
    )


_LINE_CHARS = 100
"""A line of verse is shorter than this (most of a stanza's lines are; a paragraph of a
poem's prose preface is not)."""


def holds_lines(parent: etree._Element) -> bool:
    """A stanza set one block per line: two or more blocks, at least two thirds of them a
    single short line each (The Waste Land's div.linegroup of divs, a quoted stanza among
    them). A poem of stanzas (Standard Ebooks' <p>s of lines and <br/>s) is not, nor the
    prose of Endymion's preface inside its z3998:poem article."""
    blocks = [c for c in parent if local_name(c) in BLOCKS and local_name(c) not in HEADINGS]
    lines = [c for c in blocks if _one_line(c)]
    short = sum(1 for c in lines if len(text_of(c)) < _LINE_CHARS)
    return len(lines) >= 2 and 3 * len(lines) >= 2 * len(blocks) and 3 * short >= 2 * len(lines)


def is_line_block(el: etree._Element, stanzas: dict[etree._Element, bool]) -> bool:
    """A block of verse that is one line of its parent's stanza (see :func:`holds_lines`);
    ``stanzas`` keeps each parent's answer, so a long stanza is looked at once."""
    parent = el.getparent()
    if local_name(el) not in BLOCKS or local_name(el) in HEADINGS or parent is None or not _one_line(el):
        return False
    if parent not in stanzas:
        stanzas[parent] = holds_lines(parent)
    return stanzas[parent]


def local_name(el: etree._Element) -> str:
    """Tag name without namespace or prefix, lower case ("" for comments and entities)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2].lower()


def semantic_types(el: etree._Element) -> set[str]:
    """``epub:type`` tokens and ARIA ``doc-*`` roles (as ``toc``, ``cover``, ...)."""
    raw = el.get("{http://www.idpf.org/2007/ops}type") or el.get("epub:type") or ""
    types = set(raw.lower().split())
    for role in (el.get("role") or "").lower().split():
        types.add(role.removeprefix("doc-"))
    return types


def text_of(el: etree._Element) -> str:
    return clean_text("".join(el.itertext()))


def is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = (el.get("style") or "").lower()
    return "display" in style and "display:none" in style.replace(" ", "")


def is_note_marker(el: etree._Element, name: str, types: set[str]) -> bool:
    """Footnote reference markers: ``<sup>1</sup>``, ``<a href="#fn1">[1]</a>``, noteref; and a
    note's link back to its marker (backlink, "↩")."""
    if types & _MARKER_TYPES:
        return True
    if name == "sup":
        text = text_of(el)
        if len(text) > 8:
            return False
        return bool(_SYMBOL_MARKER.fullmatch(text)) or any(local_name(a) == "a" for a in el.iter())
    if name == "a" and "#" in (el.get("href") or ""):
        text = text_of(el)
        if len(text) > 8:
            return False
        if _BRACKETED_MARKER.fullmatch(text) or re.fullmatch(r"\s*[*†‡§¶]{1,4}\s*", text) or _BACK_ARROW.fullmatch(text):
            return True
        hints = " ".join((el.get("class") or "", el.get("id") or "", el.get("href") or ""))
        return bool(_SHORT_MARKER.fullmatch(text)) and bool(_NOTE_LINK_HINT.search(hints))
    return False


def element_language(el: etree._Element) -> str:
    """The element's own ``xml:lang`` or ``lang``, lower case ("" if none, or not a language)."""
    return declared(el.get(_XML_LANG) or el.get("lang") or "").lower()


CONTENTS_LISTS = "contents lists"
"""The skip reason for lists of links to the book's own sections (a page's own contents)."""


def furniture(el: etree._Element, name: str, types: set[str]) -> str | None:
    """Why ``el`` is not the book's text: "navigation" (a sidebar, relbar, page header or
    footer, a printed link address), :data:`CONTENTS_LISTS`, or None when it is text."""
    if "navigation" in types and "toc" not in types:
        return "navigation"
    if name == "nav" and "toc" not in types:
        return "navigation"
    if name in ("header", "footer"):
        parent = el.getparent()
        return "navigation" if parent is not None and local_name(parent) == "body" else None
    classes = set((el.get("class") or "").lower().split())
    if (name in ("ul", "ol") and _is_contents_list(el)) or "toctree-wrapper" in classes:
        return CONTENTS_LISTS
    if classes & _FURNITURE_CLASSES or (name == "p" and _is_link_bar(el)):
        return "navigation"
    return None


_LINK_BAR_LINKS = 4
"""A paragraph of at least this many links and not a word besides is a bar of links."""
_WORDISH = re.compile(r"[^\W_]")


def _is_link_bar(el: etree._Element) -> bool:
    """A paragraph that is only links between separators ("Čeština ∙ Deutsch ∙ English ∙
    ...", a converted README's language switcher; "Home | Index | Next"): page
    furniture, where a list of the book's own sections would be a contents list."""
    links = [a for a in el.iter() if isinstance(a.tag, str) and local_name(a) == "a"]
    if len(links) < _LINK_BAR_LINKS:
        return False

    def letters(text: str) -> int:
        return len(_WORDISH.findall(text))

    return letters("".join(el.itertext())) == sum(letters("".join(a.itertext())) for a in links)


_CONTENTS_ITEMS = 3
"""A list of at least this many items, each nothing but links within the book, is a contents list."""


def _is_contents_list(el: etree._Element) -> bool:
    """A list of links to the book's own sections and nothing else, after more than a
    heading (Pandoc's and Sphinx's contents under a chapter's opening note): its titles
    are read where their sections begin, so reading the list says each of them twice.
    A contents page (a heading, then the list; the book's nav) is front matter instead,
    read when asked for."""
    items = [child for child in el if local_name(child) == "li"]
    if len(items) < _CONTENTS_ITEMS or any(local_name(a) == "nav" for a in el.iterancestors()):
        return False
    if all(local_name(s) in HEADINGS for s in el.itersiblings(preceding=True)):
        return False
    for item in items:
        links = [a for a in item.iter() if isinstance(a.tag, str) and local_name(a) == "a"]
        href = [(a.get("href") or "").strip() for a in links]
        if not links or any(not h or ":" in h.partition("#")[0] for h in href):
            return False  # a link out of the book (http:, mailto:) is no contents entry
        linked = "".join("".join(a.itertext()) for a in links)
        if "".join("".join(item.itertext()).split()) != "".join(linked.split()):
            return False  # words of its own: a list that says something
    return True


def ssml_alphabet(el: etree._Element) -> str:
    """The ``ssml:alphabet`` in force on ``el`` (IPA when none is declared)."""
    node = el
    while node is not None:
        alphabet = node.get(_SSML_ALPHABET)
        if alphabet:
            return alphabet.strip().lower()
        node = node.getparent()
    return "ipa"


def word_count(el: etree._Element) -> int:
    """Words in an element left unread; cells and blocks count apart, inline runs together."""
    pieces = []
    for node in el.iter():
        if isinstance(node.tag, str) and local_name(node) in BLOCKS:
            pieces.append(" ")
        pieces.append(node.text or "")
        if node is not el:
            pieces.append(node.tail or "")
    return count_words("".join(pieces))


_GENERIC_ALT = re.compile(
    r"(?:image|img|picture|pic|photo|photograph|illustration|figure|fig|cover|cover image|front cover|logo|"
    r"icon|graphic|decoration|decorative|ornament|separator|divider|spacer|blank)?\s*\d*"
    r"|.{0,200}\.(?:jpe?g|png|gif|svg|webp|bmp|tiff?)",
    re.IGNORECASE,
)


def comparable_text(text: str) -> str:
    """Caption or alt text reduced for "do these say the same thing" checks."""
    return text.lower().rstrip(".!?;: ")


def is_generic_alt(alt: str) -> bool:
    """Alt text that names no content ("image", "figure 3", "cover.jpg"): not read."""
    return _GENERIC_ALT.fullmatch(alt) is not None


def is_page_number(el: etree._Element) -> bool:
    return any(_PAGE_NUMBER_CLASS.fullmatch(c) for c in (el.get("class") or "").lower().split())


def is_script_table(table: etree._Element) -> bool:
    """A play set as a table (Standard Ebooks' drama: a persona cell, then the speech):
    its rows are the text, read as "Name. Speech", not a table to skip."""
    return any("z3998:persona" in semantic_types(cell) for cell in table.iter("{*}td", "{*}th", "td", "th"))


def entity_text(el: etree._Entity) -> str:
    """An entity left unresolved by the XML parser (``&nbsp;`` in XHTML 1.1)."""
    name = el.name
    if name in html.entities.name2codepoint:
        return chr(html.entities.name2codepoint[name])
    return html.entities.html5.get(f"{name};", " ")
