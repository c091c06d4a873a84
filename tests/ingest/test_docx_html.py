"""Word documents and web pages from the corpus in tests/ingest/documents.

The documents are made from ``corpus_text.py`` (LibreOffice and python-docx for
Word; three article pages with menus, sidebars, comments and footers around them),
so the tests know which words belong to the text and which do not.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from litetts_cli.errors import InputError
from litetts_cli.ingest import IngestOptions, load_document
from tests.ingest.documents import corpus_text
from tests.ingest.documents.corpus_text import ABSTRACT, LIST_ITEMS, SECTIONS, TABLE_ROWS, TITLE

DOCUMENTS = Path(__file__).parent / "documents"
PLAIN = [s.title for s in SECTIONS]
BOILERPLATE = ["Harbour Gazette", "Accept all", "Most read", "newsletter", "Privacy policy", "Great read",
               "Share on social media", "Related stories", "Copyright 2026", "By Ada Marlow"]


def text_of(doc) -> str:
    return " ".join(p for c in doc.chapters for p in c.paragraphs).replace("’", "'")


def words(texts) -> int:
    return sum(len(t.split()) for t in texts)


@pytest.mark.parametrize("name", ["libreoffice-report.docx", "python-docx-report.docx"])
def test_docx_chapters_lists_and_skipped_parts(name):
    doc = load_document(DOCUMENTS / name)
    assert (doc.title, doc.author) == (TITLE, "Ada Marlow")
    assert [c.title for c in doc.chapters] == [TITLE, *PLAIN]
    text = text_of(doc)
    for paragraph in [ABSTRACT, *(p for s in SECTIONS for p in s.paragraphs), *LIST_ITEMS]:
        assert paragraph in text
    assert "Gull Rock" not in text, "tables are skipped unless asked"
    for note in corpus_text.all_footnotes():
        assert note not in text
    # Independent count: every word we wrote, once; nothing else but the title heading.
    expected = corpus_text.body_words() + len(ABSTRACT.split()) + corpus_text.list_words() + len(TITLE.split())
    assert doc.word_count == expected
    skipped = corpus_text.skipped_by_reason(doc)
    routine = next(c for c in doc.chapters if c.title == "Daily Routine")
    assert routine.skipped_words["tables"] == skipped["tables"] == corpus_text.table_words()
    if name.startswith("libreoffice"):  # python-docx cannot write footnotes
        # Each note is counted in the chapter whose text refers to it.
        assert {c.title: c.skipped_words.get("notes") for c in doc.chapters if "notes" in c.skipped_words} == {
            s.title: words(s.footnotes) for s in SECTIONS if s.footnotes}


def test_docx_tables_read_by_rows_when_asked():
    doc = load_document(DOCUMENTS / "python-docx-report.docx", IngestOptions(read_tables=True))
    routine = next(c for c in doc.chapters if c.title == "Daily Routine")
    assert routine.paragraphs[-3:] == [", ".join(row) + "." for row in TABLE_ROWS]
    assert "tables" not in corpus_text.skipped_by_reason(doc)


# file, title, chapters, source paragraphs it holds
WEB = [
    ("web-blog.html", TITLE, PLAIN[:3], [p for s in SECTIONS[:3] for p in s.paragraphs]),
    ("web-news.html", "Daily Routine", PLAIN[3:5], [p for s in SECTIONS[3:5] for p in s.paragraphs]),
    ("web-longread.html", TITLE, [TITLE, *PLAIN[1:3], PLAIN[5]],
     [ABSTRACT, *(p for s in (SECTIONS[1], SECTIONS[2], SECTIONS[5]) for p in s.paragraphs), *LIST_ITEMS]),
]


@pytest.mark.parametrize(("name", "title", "chapters", "paragraphs"), WEB)
def test_web_article_without_the_page_around_it(name, title, chapters, paragraphs):
    doc = load_document(DOCUMENTS / name)
    assert doc.title == title
    assert [c.title for c in doc.chapters] == chapters
    text = text_of(doc)
    for paragraph in paragraphs:
        assert paragraph in text
    for junk in BOILERPLATE:
        assert junk not in text
    headings = sum(len(c.paragraphs[i].split()) for c in doc.chapters for i in c.heading_indices)
    assert doc.word_count - headings == words(paragraphs)
    skipped = corpus_text.skipped_by_reason(doc)
    assert skipped["not part of the article"] > 30  # menus, sidebar, footer (and comments)


def test_no_article_is_a_one_line_error():
    with pytest.raises(InputError) as caught:
        load_document(DOCUMENTS / "web-no-article.html")
    line = caught.value.one_line()
    assert "has no article to read" in line and "\n" not in line


def corrupt_docx(path: Path) -> None:
    data = (DOCUMENTS / "python-docx-report.docx").read_bytes()
    path.write_bytes(data[: len(data) // 3])


def docx_without_document_part(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<x/>")


def empty_docx(path: Path) -> None:
    import docx

    docx.Document().save(path)


def strict_docx(path: Path) -> None:
    """Word's "Strict Open XML Document": the parts' relationships in purl.oclc.org namespaces."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", '<Relationships><Relationship Id="rId1" Target="word/document.xml" '
                         'Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"/></Relationships>')
        archive.writestr("word/document.xml", "<document/>")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (corrupt_docx, "cannot be read as a Word document"),
        (docx_without_document_part, "cannot be read as a Word document"),
        (empty_docx, "has no text to read"),
        (strict_docx, "is saved as a Strict Open XML Document"),
    ],
)
def test_bad_docx_is_a_one_line_error(tmp_path, make, message):
    path = tmp_path / "bad.docx"
    make(path)
    with pytest.raises(InputError) as caught:
        load_document(path)
    line = caught.value.one_line()
    assert message in line and "\n" not in line and caught.value.hint


# Real pages (see documents/README.md): chapter titles, and the words read against
# Readability's own extraction of the same page, an independent count.
REAL_WEB = [
    ("v8-blog", "Outside the web: standalone WebAssembly binaries using Emscripten",
     ["Outside the web: standalone WebAssembly binaries using Emscripten", "Using standalone mode in Emscripten",
      "WebAssembly's two standard APIs", "Let's unify as much as possible", "Do we need non-standalone Wasm?",
      "Necessary API differences", "Current status"]),
    ("ebb-org", "On Recent Controversial Events", ["On Recent Controversial Events"]),
    ("wikipedia", "Mozilla", ["Mozilla", "History", "Values", "Software", "Other activities", "Community"]),
]


@pytest.mark.parametrize(("stem", "title", "chapters"), REAL_WEB)
def test_real_web_pages(stem, title, chapters):
    import lxml.html

    page = DOCUMENTS / "web-real" / f"{stem}.html"
    doc = load_document(page)
    assert doc.title == title
    assert [c.title for c in doc.chapters] == chapters
    text = text_of(doc)
    for chrome in ("[edit]", "Jump to navigation", "Personal tools", "Privacy policy", "Navigation menu"):
        assert chrome not in text
    readability = lxml.html.fromstring((page.parent / f"{stem}.readability.html").read_bytes())
    independent = len(readability.text_content().split())
    skipped = corpus_text.skipped_by_reason(doc)
    # Readability keeps reference lists and tables; we count them as skipped.
    ours = doc.word_count + skipped.get("reference list", 0) + skipped.get("tables", 0)
    assert 0.93 <= ours / independent <= 1.07, (stem, ours, independent)
    assert skipped["not part of the article"] > 50


def test_reference_lists_are_read_with_include_front_matter():
    page = DOCUMENTS / "web-real" / "wikipedia.html"
    doc = load_document(page, IngestOptions(include_front_matter=True))
    assert doc.chapters[-1].title == "References"
    assert not [part for part in doc.skipped if part.reason == "reference list"]


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path):
    from litetts_cli.limits import InputLimits

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(DOCUMENTS / "python-docx-report.docx") as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/media/blank.xml", b" " * (3 << 20))
    with pytest.raises(InputError) as caught:
        load_document(path, IngestOptions(limits=InputLimits(max_member_bytes=1 << 20)))
    assert "word/media/blank.xml unpacks to" in caught.value.one_line()


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("libreoffice-report.pdf", "en-US"),   # the catalog's /Lang
        ("latex-paper.pdf", "en"),             # pdfTeX declares none: the text is English
        ("libreoffice-report.docx", "en-US"),  # dc:language in docProps/core.xml
        ("python-docx-report.docx", "en"),     # none declared; short chapters, English in all
        ("web-blog.html", "en"),               # <html lang>
        ("web-real/wikipedia.html", "en"),
    ],
)
def test_declared_language(name, language):
    assert load_document(DOCUMENTS / name).language == language


def test_contents_and_index_chapters_are_skipped_and_counted(tmp_path):
    import docx

    document = docx.Document()
    for title, body in (("Contents", "Introduction 1. Method 3."), ("Introduction", "We begin here."),
                        ("Method", "Then we measure."), ("Index", "method, 3; measure, 3.")):
        document.add_heading(title, level=1)
        document.add_paragraph(body)
    document.save(tmp_path / "report.docx")
    doc = load_document(tmp_path / "report.docx")
    assert [c.title for c in doc.chapters] == ["Introduction", "Method"]
    assert [(p.title, p.reason, p.words) for p in doc.skipped] == [
        ("Contents", "table of contents", 5), ("Index", "index", 5)]
    everything = load_document(tmp_path / "report.docx", IngestOptions(include_front_matter=True))
    assert [c.title for c in everything.chapters] == ["Contents", "Introduction", "Method", "Index"]


@pytest.mark.parametrize("name", ["libreoffice-report.docx", "libreoffice-report.pdf", "latex-twocolumn.pdf"])
def test_notes_read_at_the_end_of_their_chapter_when_asked(name):
    """--notes end-of-chapter: each note once, after "Notes." at the end of a chapter,
    and no longer counted as skipped. (A Word note goes to the chapter that refers to
    it; a PDF note to the chapter being read above it on its page.)"""
    doc = load_document(DOCUMENTS / name, IngestOptions(notes="end-of-chapter"))
    read_notes = []
    for chapter in doc.chapters:
        if "Notes." in chapter.paragraphs:
            start = chapter.paragraphs.index("Notes.")
            assert start in chapter.heading_indices
            read_notes += chapter.paragraphs[start + 1:]
    assert sorted(read_notes) == sorted(corpus_text.all_footnotes())
    assert "notes" not in corpus_text.skipped_by_reason(doc)
    if name.endswith(".docx"):
        by_chapter = {c.title: c.paragraphs[-1] for c in doc.chapters if "Notes." in c.paragraphs}
        assert by_chapter == {s.title: s.footnotes[0] for s in SECTIONS if s.footnotes}


@pytest.mark.parametrize(
    ("name", "author", "first"),
    [
        ("docx-real/ffc.docx", "Alex", "file format commons docx"),  # Microsoft Word for Mac
        ("pdf-real/ffc.pdf", "", "file format commons pdf"),         # Word's PDF through Quartz
    ],
)
def test_real_word_file_and_its_pdf(name, author, first):
    """File Format Commons' samples (CC0): a Word document without headings, and its
    PDF whose metadata title Word filled in ('Microsoft Word - ffc.rtf')."""
    doc = load_document(DOCUMENTS / name)
    assert (doc.title, doc.author) == ("ffc", author)
    assert [c.title for c in doc.chapters] == ["ffc"]
    assert doc.chapters[0].paragraphs[0] == first


_PROSE = " ".join(["The project grew out of course work taught in Ivrea, and its boards were sold all over the world."] * 6)


@pytest.mark.parametrize("table, read, skipped", [
    # A page laid out in a table (LWN's weekly edition): the cell holds the article.
    (f"<table><tr><td></td><td><h2>Arduino</h2><p>{_PROSE}</p><p>Second part.</p></td></tr></table>",
     ["Arduino", _PROSE, "Second part."], 0),
    # A data table stays a table: skipped, and counted.
    ("<table><tr><th>Board</th><th>Price</th></tr><tr><td>Uno</td><td>20 dollars</td></tr></table>", [], 5),
])
def test_a_layout_table_is_read_and_a_data_table_skipped(tmp_path, table, read, skipped):
    page = tmp_path / "page.html"
    page.write_text(f"<html lang='en'><body><article><h1>Weekly edition</h1><p>{_PROSE}</p>{table}"
                    f"<p>Closing words of the article.</p></article></body></html>", encoding="utf-8")
    chapters = load_document(page).chapters
    paragraphs = [p.rstrip(".") for c in chapters for p in c.paragraphs]
    assert paragraphs == ["Weekly edition", _PROSE.rstrip("."), *[p.rstrip(".") for p in read],
                          "Closing words of the article"]
    assert sum(c.skipped_words.get("tables", 0) for c in chapters) == skipped


_WPS = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"')


def _text_box(text: str) -> str:
    """A text box as Word saves it: the shape, and a VML fallback holding the same text."""
    body = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (f"<w:r><mc:AlternateContent {_WPS}><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{body}</wps:txbx>"
            f"</w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{body}</v:textbox></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>")


def test_text_boxes_are_read_once(tmp_path):
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("The diagram shows the part.")
    paragraph._p.append(etree.fromstring(
        f'<w:wrap xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{_text_box("Datum plane")}'
        "</w:wrap>")[0])
    document.add_paragraph("After the diagram.")
    path = tmp_path / "box.docx"
    document.save(path)
    assert load_document(path).chapters[0].paragraphs == ["The diagram shows the part.", "Datum plane", "After the diagram."]


@pytest.mark.parametrize("hidden", [
    '<h3 class="landmark heading">Chapter Text</h3>',  # the Archive of Our Own, over every story
    '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>',  # WordPress
    '<span class="sr-only">Chapter Text</span>',
])
def test_text_hidden_for_screen_readers_is_not_read(tmp_path, hidden):
    page = tmp_path / "story.html"
    page.write_text(f"<html lang='en'><body><article><h1>Conversations</h1>{hidden}<p>{_PROSE}</p>"
                    "</article></body></html>", encoding="utf-8")
    text = " ".join(p for c in load_document(page).chapters for p in [c.title, *c.paragraphs])
    assert "Chapter Text" not in text and "Skip to content" not in text and "Ivrea" in text


_SITE_LOGO = ('<div id="header"><h1 class="heading"><a href="/"><span>Archive of Our Own</span><sup> beta</sup>'
              '<img alt="Archive of Our Own" src="/logo.png"/></a></h1><ul><li><a href="/works">Fandoms</a></li></ul></div>')


@pytest.mark.parametrize("page_title, header, title", [
    # The Archive of Our Own: the only h1 is the site's logo; the work is named in <title>.
    ("The Long Way Home - Chapter 1 - quietwriter - Original Work [Archive of Our Own]", _SITE_LOGO,
     "The Long Way Home"),
    ("Conversations | The Daily Paper", "<h1>Conversations</h1>", "Conversations"),  # the article's own h1
    ("The Daily Paper", "<h1>The Daily Paper</h1>", "The Daily Paper"),  # nothing better to go on
])
def test_a_site_name_is_not_the_title(tmp_path, page_title, header, title):
    page = tmp_path / "work.html"
    page.write_text(f"<html lang='en'><head><title>{page_title}</title></head><body>{header}"
                    f"<div id='main'><div class='userstuff'><p>{_PROSE}</p><p>{_PROSE}</p></div></div></body></html>",
                    encoding="utf-8")
    doc = load_document(page)
    assert (doc.title, doc.chapters[0].title) == (title, title)


_V2_INLINE = ('<span class="MathJax_Preview"></span><span class="MathJax" id="MathJax-Element-1-Frame"><nobr>'
              '<span class="math"><span class="msubsup"><span class="mi">a</span><span class="mn">2</span></span>'
              '<span class="mo">+</span><span class="mi">b</span></span></nobr></span>'
              '<script type="math/tex" id="MathJax-Element-1">a^2 + b</script>')
_V2_DISPLAY = ('<span class="MathJax_Preview"></span><div class="MathJax_Display"><span class="MathJax">'
               '<nobr><span class="mfrac">a c</span></nobr></span></div>'
               '<script type="math/tex; mode=display">\\frac{a}{c} < 1</script>')
_V3 = ('<mjx-container class="MathJax" jax="CHTML"><mjx-math><mjx-mi><mjx-c class="mjx-c1D465"></mjx-c></mjx-mi>'
       '</mjx-math><mjx-assistive-mml><math><mi>x</mi><mo>=</mo><mn>2</mn></math></mjx-assistive-mml></mjx-container>')


@pytest.mark.parametrize("formula, read", [
    (_V2_INLINE, "\\(a^2 + b\\)"),  # MathJax 2: its TeX, not its rendering ("a2+b")
    (_V2_DISPLAY, "\\[\\frac{a}{c} < 1\\]"),  # displayed: the words after it are kept too
    (_V3, "x = 2"),  # MathJax 3: its assistive MathML
])
def test_mathjax_formulas_are_read_from_their_tex(tmp_path, formula, read):
    page = tmp_path / "math.html"
    page.write_text(f"<html lang='en'><head><title>Notes</title></head><body><article><h1>Notes</h1>"
                    f"<p>{_PROSE} The result {formula} holds, as the builders knew.</p></article></body></html>",
                    encoding="utf-8")
    text = " ".join(load_document(page).chapters[0].paragraphs)
    assert f"The result {read} holds, as the builders knew." in text


FLAT_PAGE = "<html><head><title>{title}</title></head><body>{body}</body></html>"
WORDS = "river mill bridge sea boat harbour wind night morning house friend road field tree water stone".split()


def _paragraph(seed: int) -> str:
    """Sixty words, different for every seed (trafilatura treats repeated paragraphs differently)."""
    return "<p>" + " ".join(WORDS[(seed * 7 + i * (seed % 5 + 1)) % len(WORDS)] for i in range(60)) + ".</p>\n"


@pytest.mark.parametrize("chapters", [2, 5])
def test_a_flat_page_keeps_its_chapter_headings(tmp_path, chapters):
    # Project Gutenberg's HTML books: h2 chapters and paragraphs right under <body>;
    # News from Nowhere was one chapter of 77,540 words with no title spoken.
    body = "".join(f"<h2>CHAPTER {n}: PART {n}</h2>\n" + "".join(_paragraph(n * 10 + k) for k in range(4))
                   for n in range(1, chapters + 1))
    path = tmp_path / "flat.html"
    path.write_text(FLAT_PAGE.format(title="Flat Book", body=body), encoding="utf-8")
    doc = load_document(path)
    assert [c.title for c in doc.chapters] == [f"CHAPTER {n}: PART {n}" for n in range(1, chapters + 1)]
    assert all(len(c.paragraphs) == 5 for c in doc.chapters)
