"""Front and back matter that an audiobook leaves out by default.

Skipped: cover, title page, copyright page (and colophon/imprint), the full text of a
licence (the GNU FDL appendix of a TLDP guide, 3,254 words), table of
contents (and lists of figures/tables), index, "also by" lists, endnotes and footnote
pages (``--notes end-of-chapter`` reads those). Kept: dedication, epigraph, foreword,
preface, acknowledgements, afterword and the rest.

Signals, strongest first: the EPUB guide or landmarks type of a page, its
``epub:type``/``role``, its title, its file name. The last two are guesses, so a
long page is not skipped on their word alone.
"""

from __future__ import annotations

import re

COVER = "cover"
TITLE_PAGE = "title page"
COPYRIGHT = "copyright page"
CONTENTS = "table of contents"
INDEX = "index"
ALSO_BY = "also-by list"
NOTES = "notes"
LICENCE = "licence"

_TYPE_REASONS = {
    "cover": COVER,
    "titlepage": TITLE_PAGE,
    "title-page": TITLE_PAGE,
    "halftitlepage": TITLE_PAGE,
    "copyright-page": COPYRIGHT,
    "colophon": COPYRIGHT,
    "imprint": COPYRIGHT,
    "toc": CONTENTS,
    "loi": CONTENTS,
    "lot": CONTENTS,
    "landmarks": CONTENTS,
    "index": INDEX,
    "adcard": ALSO_BY,
    "seriespage": ALSO_BY,
    "also-by": ALSO_BY,
    "alsoby": ALSO_BY,
    "endnotes": NOTES,
    "footnotes": NOTES,
    "rearnotes": NOTES,
}

_TITLE_PATTERNS = (
    (COVER, re.compile(r"(?:front |back )?cover(?: page| image)?")),
    (TITLE_PAGE, re.compile(r"(?:half )?title(?: page)?")),
    (COPYRIGHT, re.compile(r"copyright(?: page| notice| information)?|colophon|imprint|legal (?:notices?|information)")),
    # The text of a licence, under an appendix label ("B. GNU Free Documentation License").
    (LICENCE, re.compile(
        r"(?:appendix )?(?:[a-z]|\d{1,2})?\s?(?:the )?(?:(?:gnu )?(?:free documentation|(?:lesser |library |affero )?"
        r"general public)|creative commons[\w .-]{0,60}|open publication|mit|apache|bsd[\w -]{0,20}|"
        r"(?:full )?project gutenberg(?: tm)?) licen[cs]e(?: version(?: \d+)+)?")),
    (CONTENTS, re.compile(r"contents|table of contents|toc|list of (?:illustrations|figures|tables|maps)")),
    (INDEX, re.compile(r"(?:general |subject )?index")),
    (NOTES, re.compile(r"(?:end ?notes|foot ?notes|notes)")),
    (ALSO_BY, re.compile(r"(?:also|other books|other titles|more books|books|titles) by .{1,80}|by the same author")),
)

_FILE_STEMS = {
    "cover": COVER,
    "coverpage": COVER,
    "frontcover": COVER,
    "title": TITLE_PAGE,
    "titlepage": TITLE_PAGE,
    "halftitle": TITLE_PAGE,
    "halftitlepage": TITLE_PAGE,
    "copyright": COPYRIGHT,
    "copyrightpage": COPYRIGHT,
    "colophon": COPYRIGHT,
    "toc": CONTENTS,
    "nav": CONTENTS,
    "contents": CONTENTS,
    "tableofcontents": CONTENTS,
    "alsoby": ALSO_BY,
    "otherbooks": ALSO_BY,
    "adcard": ALSO_BY,
}

# A guessed cover, title or copyright page longer than this is probably a chapter
# that shares the page; a contents list or an index can be any length.
_GUESS_WORD_LIMIT = 600


def reason_for_type(kind: str) -> str | None:
    """The skip reason for an EPUB guide/landmark type or ``epub:type`` token."""
    kind = kind.lower().strip()
    return _TYPE_REASONS.get(kind.removeprefix("other."))


def reason_for_title(title: str) -> str | None:
    """The skip reason for a page titled ``title`` ("Contents", "Also by Jane Doe")."""
    normal = " ".join(re.sub(r"[^\w\s-]", " ", title.lower()).split())
    if len(normal) > 120:
        return None
    return next((reason for reason, pattern in _TITLE_PATTERNS if pattern.fullmatch(normal)), None)


def reason_for_file(stem: str) -> str | None:
    """The skip reason for a file named like ``cover.xhtml`` or ``copyright_page.html``."""
    return _FILE_STEMS.get(re.sub(r"[^a-z]", "", stem.lower()))


def classify(*, kinds: set[str], titles: list[str], file_stem: str | None, words: int) -> str | None:
    """Why a page should be skipped, or ``None`` to read it.

    Args:
        kinds: guide/landmark types and ``epub:type``/``role`` tokens of the page.
        titles: its table-of-contents titles and first heading.
        file_stem: its file name without extension, if the page starts the file.
        words: how many words it has.
    """
    for kind in sorted(kinds):
        reason = reason_for_type(kind)
        if reason:
            return reason
    guesses = [reason_for_title(t) for t in titles if t]
    if file_stem:
        guesses.append(reason_for_file(file_stem))
    for reason in guesses:
        if reason and (reason in (CONTENTS, INDEX, NOTES, LICENCE) or words <= _GUESS_WORD_LIMIT):
            return reason
    return None
