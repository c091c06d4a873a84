"""Issue 11: EPUB structure, titles, notes, languages and pronunciations the book ships."""

from __future__ import annotations

import pytest
from ebooklib import epub

from litetts_cli.errors import UsageError
from litetts_cli.ingest import IngestOptions, load_document
from litetts_cli.g2p.detect import detect_chapter_language as detect
from litetts_cli.ingest.language import parse_languages
from litetts_cli.ingest.textutil import clean_title
from tests.ingest.ingest_books import BookSpec, Page, handmade_epub, write_book

NAV = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Contents</title></head><body><nav epub:type="toc"><ol>{items}</ol></nav></body></html>"""
FRENCH = ("Il était une fois une petite fille qui vivait dans la forêt avec sa mère et son père. "
          "Elle aimait les fleurs et les oiseaux, et tous les jours elle allait dans les bois pour "
          "les voir. Un jour, elle a rencontré un loup qui lui a demandé où elle allait. ") * 6
ENGLISH = ("It was the best of times and it was the worst of times, and the people of the town "
           "were all in the street with their children when the news came from the north. ") * 6


def nav_book(tmp_path, items: str, chapters: dict[str, str], name="nav.epub"):
    manifest = '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>' + "".join(
        f'<item id="i{n}" href="{f}" media-type="application/xhtml+xml"/>' for n, f in enumerate(chapters)
    )
    spine = "<spine>" + "".join(f'<itemref idref="i{n}"/>' for n in range(len(chapters))) + "</spine>"
    extra = {f"OEBPS/{f}": Page(f, body).xhtml() for f, body in chapters.items()}
    extra["OEBPS/nav.xhtml"] = NAV.format(items=items)
    return handmade_epub(tmp_path / name, manifest=manifest, spine=spine, extra=extra)


def test_a_toc_label_keeps_the_text_inside_its_inline_elements(tmp_path):
    path = nav_book(tmp_path, '<li><a href="a.xhtml">5.1.1 The <tt>lb config</tt> command</a></li>'
                              '<li><a href="b.xhtml"><span>Second</span> <em>part</em></a></li>',
                    {"a.xhtml": "<p>Configure it.</p>", "b.xhtml": "<p>More text.</p>"})
    assert [c.title for c in load_document(path).chapters] == ["5.1.1 The lb config command", "Second part"]


def test_sections_stay_inside_their_chapter_and_are_listed_as_children(tmp_path):
    # Issue 11: a manual whose "Coding Style" (3 words) became 5 seconds of audio.
    chapters, items = {}, ""
    for chapter, name in ((14, "Testing"), (15, "Coding Style"), (16, "Releases")):
        chapters[f"c{chapter}.xhtml"] = f"<h1>{chapter} {name}</h1><p>Rules.</p>"
        items += f'<li><a href="c{chapter}.xhtml">{chapter} {name}</a><ol>'
        for n in range(1, 6):
            chapters[f"c{chapter}-{n}.xhtml"] = f"<h2>{chapter}.{n} Rule</h2><p>{'Words about the rule. ' * 20}</p>"
            items += f'<li><a href="c{chapter}-{n}.xhtml">{chapter}.{n} Rule {n}</a></li>'
        items += "</ol></li>"
    doc = load_document(nav_book(tmp_path, items, chapters))
    assert [c.title for c in doc.chapters] == ["14 Testing", "15 Coding Style", "16 Releases"]
    assert [c["title"] for c in doc.chapters[1].children] == [f"15.{n} Rule {n}" for n in range(1, 6)]
    assert doc.chapters[1].word_count > 5 * 80  # choosing the chapter yields all of it

    deeper = load_document(nav_book(tmp_path, items, chapters, "deep.epub"), IngestOptions(toc_depth=2))
    assert [c.title for c in deeper.chapters][5:10] == ["15 Coding Style: 15.1 Rule 1"] + [
        f"15.{n} Rule {n}" for n in range(2, 6)]


def test_a_bare_number_title_falls_back_to_the_heading(tmp_path):
    path = nav_book(tmp_path, '<li><a href="a.xhtml">7</a></li><li><a href="b.xhtml">8.</a></li>',
                    {"a.xhtml": "<h2>Chapter 7: The Storm</h2><p>Rain.</p>", "b.xhtml": "<p>No heading.</p>"})
    assert [c.title for c in load_document(path).chapters] == ["Chapter 7: The Storm", "Chapter 8"]


@pytest.mark.parametrize("raw, title", [
    ("Chapter 1 ........ 5", "Chapter 1"),
    ("Preface*", "Preface"),
    ("Introduction[1]", "Introduction"),
    ("  Part\n  One ", "Part One"),
    ("Notes on 1984", "Notes on 1984"),
])
def test_clean_title(raw, title):
    assert clean_title(raw) == title


@pytest.mark.parametrize("furniture", [
    # DITA Open Toolkit output (the IDPF linear-algebra sample): links to the parent, previous and next topics.
    '<div class="related-links"><div class="familylinks"><div class="parentlink"><strong>Parent topic:</strong>'
    ' <a href="a.xhtml">Chapter M Matrices</a></div><div class="nextlink"><strong>Next topic:</strong>'
    ' <a href="b.xhtml">Chapter VS</a></div></div></div>',
    '<div class="sphinxsidebar"><h3>Quick search</h3></div>',
])
def test_generated_books_topic_links_are_not_read(tmp_path, furniture):
    page = Page("t.xhtml", f"<h1>Inverses</h1><p>Inverse matrices.</p>{furniture}")
    doc = load_document(write_book(tmp_path / "dita.epub", BookSpec([page], toc=[epub.Link("t.xhtml", "Inverses", "t")])))
    assert doc.chapters[0].paragraphs == ["Inverses", "Inverse matrices."]


_BAR = " ∙ ".join(f'<a href="README-{c}.md">{n}</a>' for c, n in
                  [("cs", "Čeština"), ("de", "Deutsch"), ("el", "Ελληνικά"), ("es", "Español"), ("ja", "日本語")])


@pytest.mark.parametrize("paragraph, read", [
    # Calibre's conversion of a README (art-of-command-line-es): its language switcher.
    (f"<p>🌍 <em>{_BAR}</em></p>", False),
    ('<p><a href="i.xhtml">Home</a> | <a href="a.xhtml">Index</a> | <a href="b.xhtml">Previous</a> | '
     '<a href="c.xhtml">Next</a></p>', False),
    (f"<p>This book is also in {_BAR}.</p>", True),  # words of its own
    ('<p><a href="a.md">Deutsch</a> ∙ <a href="b.md">English</a> ∙ <a href="c.md">Français</a></p>', True),  # 3 links
])
def test_a_paragraph_of_nothing_but_links_is_not_read(tmp_path, paragraph, read):
    page = Page("t.xhtml", f"<h1>Meta</h1>{paragraph}<p>Read the whole thing.</p>")
    doc = load_document(write_book(tmp_path / "bar.epub", BookSpec([page], toc=[epub.Link("t.xhtml", "Meta", "t")])))
    assert (len(doc.chapters[0].paragraphs) == 3) == read
    assert doc.chapters[0].paragraphs[-1] == "Read the whole thing."
    assert ("navigation" in doc.chapters[0].skipped_words) != read


def test_a_page_of_nothing_but_a_link_bar_is_dropped_and_still_counted(tmp_path):
    """Calibre's art-of-command-line-es opened with such a page, read as "Chapter 1"."""
    pages = [Page("bar.xhtml", f"<p>🌍 <em>{_BAR}</em></p>"), Page("t.xhtml", "<h1>Meta</h1><p>Read the whole thing.</p>")]
    doc = load_document(write_book(tmp_path / "bar.epub", BookSpec(pages, toc=[epub.Link("t.xhtml", "Meta", "t")])))
    assert [c.title for c in doc.chapters] == ["Meta"]
    assert [(s.reason, s.words) for s in doc.skipped if s.source.endswith("bar.xhtml")] == [("navigation", 7)]  # 🌍 1, four names 4, 日本語 counted as 3 characters


def test_sphinx_furniture_is_never_read_nor_a_title(tmp_path):
    body = ('<div class="related" role="navigation"><h3>Navigation</h3><ul><li>next</li></ul></div>'
            '<div class="document"><h1>Install</h1><p>Run the installer.</p></div>'
            '<div class="sphinxsidebar"><h3>Quick search</h3></div><footer>© 2024 Someone</footer>')
    doc = load_document(write_book(tmp_path / "sphinx.epub", BookSpec([Page("install.xhtml", body)], toc=[])))
    assert [(c.title, c.paragraphs) for c in doc.chapters] == [("Install", ["Install", "Run the installer."])]
    assert doc.chapters[0].skipped_words["navigation"] >= 6


def test_notes_are_skipped_mid_sentence_and_can_be_read_after_the_chapter(tmp_path):
    body = ('<p>The storm came<a epub:type="noteref" href="#n1">1</a> at night.</p>'
            '<p>Page<span epub:type="pagebreak" title="12">12</span> turned.</p>'
            '<aside epub:type="footnote" id="n1"><p>It was a hurricane.</p></aside>'
            '<p>Then <math alttext="x squared"><mi>x</mi></math> and <math><mi>y</mi></math>.</p>')
    path = write_book(tmp_path / "notes.epub", BookSpec([Page("c.xhtml", body)], toc=[epub.Link("c.xhtml", "One", "c")]))
    skipped = load_document(path).chapters[0]
    assert skipped.paragraphs == ["The storm came at night.", "Page turned.", "Then x squared and y."]
    assert skipped.skipped_words == {"notes": 5, "page numbers": 1}
    at_end = load_document(path, IngestOptions(notes="end-of-chapter")).chapters[0]
    assert at_end.paragraphs[-2:] == ["Notes.", "It was a hurricane."]
    assert at_end.skipped_words == {"notes": 1, "page numbers": 1}  # the marker "1"


_MATH = '<math xmlns="http://www.w3.org/1998/Math/MathML"'


@pytest.mark.parametrize("formula, read, skipped", [
    (f'{_MATH} alttext="x squared"><mi>x</mi></math>', "Let x squared be.", 0),
    # A converter's placeholder alttext is no alttext: a flat formula is read by its symbols.
    (f'{_MATH} alttext="Alternative text not available"><mi>m</mi><mo>×</mo><mi>n</mi></math>', "Let m × n be.", 0),
    (f'{_MATH} alttext="equation"><mrow><mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mn>2</mn></mrow></math>',
     "Let f (x) = 2 be.", 0),
    (f'{_MATH}><semantics><mi>y</mi><annotation encoding="TeX">y</annotation></semantics></math>', "Let y be.", 0),
    # Structure (a fraction) read in a row would say something else: skipped and counted.
    (f'{_MATH} alttext="Alternative text not available"><mfrac><mi>a</mi><mi>b</mi></mfrac></math>', "Let be.", 1),
])
def test_mathml_is_read_from_alttext_or_its_flat_symbols(tmp_path, formula, read, skipped):
    path = write_book(tmp_path / "math.epub", BookSpec([Page("c.xhtml", f"<p>Let {formula} be.</p>")],
                                                       toc=[epub.Link("c.xhtml", "One", "c")]))
    chapter = load_document(path).chapters[0]
    assert chapter.paragraphs == [read]
    assert chapter.skipped_words.get("math", 0) == skipped


def test_pls_lexicon_and_ssml_phonemes_become_inline_ipa(tmp_path):
    chapter = ('<p>The city of Worcester lies near <span ssml:ph="ˈθɜrti dɪˈgriz">30°</span> north.</p>')
    pls = ('<?xml version="1.0" encoding="UTF-8"?><lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"'
           ' alphabet="ipa" xml:lang="en"><lexeme><grapheme>Worcester</grapheme><phoneme>ˈwʊstər</phoneme></lexeme></lexicon>')
    page = Page("c1.xhtml", chapter).xhtml().replace(
        b'<html ', b'<html xmlns:ssml="http://www.w3.org/2001/10/synthesis" ').replace(
        b"<head>", b'<head><link rel="pronunciation" type="application/pls+xml" href="lex.pls"/>')
    manifest = ('<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
                '<item id="lex" href="lex.pls" media-type="application/pls+xml"/>')
    path = handmade_epub(tmp_path / "pls.epub", manifest=manifest, extra={"OEBPS/c1.xhtml": page, "OEBPS/lex.pls": pls})
    assert load_document(path).chapters[0].paragraphs == [
        "The city of [Worcester](/ˈwʊstər/) lies near [30°](/ˈθɜrti dɪˈgriz/) north."]


def test_chapters_in_another_language_are_skipped_unless_asked_for(tmp_path):
    pages = [Page("en.xhtml", f"<h1>One</h1><p>{ENGLISH}</p>"),
             Page("fr.xhtml", f'<h1>Un</h1><p>{FRENCH}</p>', body_attrs='xml:lang="fr"')]
    toc = [epub.Link("en.xhtml", "One", "en"), epub.Link("fr.xhtml", "Un", "fr")]
    path = write_book(tmp_path / "two.epub", BookSpec(pages, toc=toc, language="en"))
    doc = load_document(path)
    assert [(c.title, c.language) for c in doc.chapters] == [("One", "en")]
    assert [(s.title, s.reason) for s in doc.skipped] == [("Un", "other language (French)")]
    assert any("--languages all" in w for w in doc.warnings)
    both = load_document(path, IngestOptions(languages=parse_languages("all")))
    assert [(c.title, c.language) for c in both.chapters] == [("One", "en"), ("Un", "fr")]
    french_only = load_document(path, IngestOptions(languages=parse_languages("fr")))
    assert [c.title for c in french_only.chapters] == ["Un"]


def test_a_book_whose_every_chapter_is_in_another_language_reads_them_and_skips_none(tmp_path):
    # The IDPF Mahabharata: declared Sanskrit, its chapters detected as Hindi: all 18 were read
    # and also listed as skipped ("other language (Hindi)"), their words counted twice.
    pages = [Page(f"c{n}.xhtml", f"<h1>{n}</h1><p>{HINDI}</p>", body_attrs='xml:lang="sa"') for n in (1, 2)]
    toc = [epub.Link(f"c{n}.xhtml", f"Parva {n}", f"c{n}") for n in (1, 2)]
    doc = load_document(write_book(tmp_path / "sa.epub", BookSpec(pages, toc=toc, language="sa")))
    assert [c.title for c in doc.chapters] == ["Parva 1", "Parva 2"]
    assert doc.skipped == [] and not any("not in the book's language" in w for w in doc.warnings)


@pytest.mark.parametrize("text, language", [
    (ENGLISH, "en"), (FRENCH, "fr"),
    ("Es war einmal ein kleines Mädchen, das mit seiner Mutter in dem Wald lebte, und sie war immer "
     "sehr froh, wenn die Sonne auf die Blumen schien und der Wind nicht zu kalt war. " * 8, "de"),
    ("Жила-была девочка, которая жила в лесу со своей матерью и отцом и очень любила цветы. " * 8, "ru"),
    ("Short text.", None),
])
def test_detect_language(text, language):
    assert detect(text) == language


@pytest.mark.parametrize("spec", [",", "1,2", "all,fr", "x" * 5])
def test_bad_languages_option(spec):
    with pytest.raises(UsageError):
        parse_languages(spec)


def test_pull_quotes_are_not_read_twice_and_epub_type_title_names_a_page(tmp_path):
    body = ('<p epub:type="title">The Long Night</p><p>She waited. Nobody came.</p>'
            '<aside epub:type="pullquote"><p>Nobody came.</p></aside><p>Dawn.</p>')
    doc = load_document(write_book(tmp_path / "pq.epub", BookSpec([Page("c.xhtml", body)], toc=[])))
    assert doc.chapters[0].title == "The Long Night"
    assert doc.chapters[0].paragraphs == ["The Long Night", "She waited. Nobody came.", "Dawn."]
    assert doc.chapters[0].skipped_words == {"pull quotes": 2}


HINDI = "मेरे पास पच्चीस किताबें हैं और मैं हर दिन उनमें से एक पढ़ता हूँ। " * 12


@pytest.mark.parametrize("language, text, voice", [
    ("hi", HINDI, "hf_alpha"),
    ("fr-FR", FRENCH, "ff_siwis"),
    ("es", "Había una vez una niña que vivía en el bosque con su madre y su padre, y todos los días "
           "salía a ver las flores y los pájaros. " * 8, "ef_dora"),
])
def test_a_book_in_another_language_is_read_in_it(tmp_path, language, text, voice):
    from litetts_cli.book.languages import reading_for

    path = write_book(tmp_path / "book.epub", BookSpec([Page("c.xhtml", f"<p>{text}</p>")],
                                                       toc=[epub.Link("c.xhtml", "Un", "c")], language=language))
    doc = load_document(path)
    assert [c.title for c in doc.chapters] == ["Un"]  # not set aside: it is the book's own language
    reading = reading_for(doc.chapters[0], doc, None)
    assert (reading.language.split("-")[0], reading.voice) == (language.split("-")[0].lower(), voice)
    assert reading_for(doc.chapters[0], doc, "af_heart").voice == "af_heart"  # a named voice wins


@pytest.mark.parametrize("chapters, titles", [
    # Hamlet: only a part's first chapter carried its act; every "Scene II" looked alike.
    ([("Act I: Scene I", ["Hamlet", "Act I"]), ("Scene II", ["Hamlet", "Act I"]),
      ("Act II: Scene I", ["Hamlet", "Act II"]), ("Scene II", ["Hamlet", "Act II"])],
     ["Act I: Scene I", "Act I: Scene II", "Act II: Scene I", "Act II: Scene II"]),
    # A bare numeral is qualified even when no other chapter has it; so is the rest of its part.
    ([("Part One: I", ["Part One"]), ("II", ["Part One"]), ("Part Two: I", ["Part Two"])],
     ["Part One: I", "Part One: II", "Part Two: I"]),
    ([("Act IV: Scene I", ["Act IV"]), ("Scene II", ["Act IV"]), ("Scene VI", ["Act IV"]),
      ("Act V: Scene I", ["Act V"]), ("Scene II", ["Act V"])],
     ["Act IV: Scene I", "Act IV: Scene II", "Act IV: Scene VI", "Act V: Scene I", "Act V: Scene II"]),
    # Titles already unique keep their form (A Tale of Two Cities' "II: The Mail").
    ([("Book the First: I: The Period", ["Book the First"]), ("II: The Mail", ["Book the First"])],
     ["Book the First: I: The Period", "II: The Mail"]),
    # Still alike under the nearest parent: the next one up; the book's own title never.
    ([("Chapter 1", ["My Book", "Volume 1", "Part 1"]), ("Chapter 1", ["My Book", "Volume 2", "Part 1"])],
     ["Volume 1: Part 1: Chapter 1", "Volume 2: Part 1: Chapter 1"]),
    ([("Prologue", ["My Book"]), ("Prologue", [])], ["Prologue", "Prologue"]),
    # A part whose own title has a colon (Keats's "Song: Hush, Hush! Tread Softly!", its divider
    # merged into section I) is not said twice: it was "Song: Hush…!: Song: Hush…!: I".
    ([("Song: Hush!: I", ["Song: Hush!"]), ("II", ["Song: Hush!"]), ("III", ["Song: Hush!"])],
     ["Song: Hush!: I", "Song: Hush!: II", "Song: Hush!: III"]),
])
def test_a_chapter_title_alike_to_another_names_its_part(chapters, titles):
    from litetts_cli.ingest import Chapter
    from litetts_cli.ingest.assemble import qualify_titles

    book = [Chapter(title, ["Text."], parents=parents) for title, parents in chapters]
    qualify_titles(book, "My Book")
    assert [c.title for c in book] == titles


NOTE = ("Note: I am planning to revise this and looking for a new co-author to help with expanding this into a "
        "more comprehensive guide. While it is very popular, it could be broader and a bit deeper.")
POEM = "<p>" + "The sea is calm tonight, the tide is full, the moon lies fair upon the straits. " * 3 + "</p>"


@pytest.mark.parametrize("items, pages, chapters", [
    # Pandoc (art-of-command-line-fr): a title section, then chapter 1 under the same h1 on
    # a page of its own, both TOC entries pointing into the first file; said once.
    ('<li><a href="t.xhtml#art">The Art of Command Line</a></li><li><a href="t.xhtml#art">The Art of Command Line</a>'
     '<ol><li><a href="m.xhtml#meta">Meta</a></li><li><a href="n.xhtml#base">Base</a></li></ol></li>',
     {"t.xhtml": '<section id="art"><h1>The Art of Command Line</h1><p>Deutsch, Français.</p></section>',
      "c.xhtml": f'<section id="art"><h1>The Art of Command Line</h1><p>{NOTE}</p></section>',
      "m.xhtml": f'<section id="meta"><h1>Meta</h1><p>{ENGLISH * 5}</p></section>',
      "n.xhtml": f'<section id="base"><h1>Base</h1><p>{ENGLISH * 5}</p></section>'},
     [("The Art of Command Line", ["The Art of Command Line", "Deutsch, Français.", NOTE]),
      ("Meta", ["Meta", (ENGLISH * 5).strip()]), ("Base", ["Base", (ENGLISH * 5).strip()])]),
    # Two poems of the same title, each in the contents: two chapters, each titled.
    ('<li><a href="a.xhtml">Song</a></li><li><a href="b.xhtml">Song</a></li>',
     {"a.xhtml": f"<h2>Song</h2>{POEM}", "b.xhtml": f"<h2>Song</h2>{POEM}"},
     [("Song", ["Song", POEM[3:-4].strip()]), ("Song", ["Song", POEM[3:-4].strip()])]),
])
def test_a_page_repeating_the_chapter_title_continues_it_and_says_it_once(tmp_path, items, pages, chapters):
    doc = load_document(nav_book(tmp_path, items, pages))
    assert [(c.title, c.paragraphs) for c in doc.chapters] == chapters


@pytest.mark.parametrize("listing, read", [
    # Pandoc's contents at the top of its first chapter (art-of-command-line-fr): skipped.
    ('<ul><li><a href="ch003.xhtml#meta">Meta</a></li><li><a href="ch004.xhtml#basics">Basics</a></li>'
     '<li><a href="ch005.xhtml#everyday">Everyday use</a></li></ul>', []),
    # Sphinx's local contents, nested.
    ('<ul><li><a href="#meta">Meta</a><ul><li><a href="#scope">Scope</a></li></ul></li>'
     '<li><a href="#basics">Basics</a></li><li><a href="#use">Everyday use</a></li></ul>', []),
    # Items with words of their own, links out of the book, or only two entries: read.
    ('<ul><li><a href="#meta">Meta</a>: what this is</li><li><a href="#b">Basics</a></li>'
     '<li><a href="#u">Use</a></li></ul>', ["Meta: what this is.", "Basics.", "Use."]),
    ('<ul><li><a href="https://a.example/x#y">Quora</a></li><li><a href="#b">Basics</a></li>'
     '<li><a href="#u">Use</a></li></ul>', ["Quora.", "Basics.", "Use."]),
    ('<ol><li><a href="#meta">Meta</a></li><li><a href="#basics">Basics</a></li></ol>', ["Meta.", "Basics."]),
])
def test_a_list_of_links_to_the_books_sections_is_not_read(tmp_path, listing, read):
    page = Page("t.xhtml", f"<h1>Guide</h1><p>Fluency on the command line.</p>{listing}<p>The end.</p>")
    doc = load_document(write_book(tmp_path / "g.epub", BookSpec([page], toc=[epub.Link("t.xhtml", "Guide", "t")])))
    assert doc.chapters[0].paragraphs == ["Guide", "Fluency on the command line.", *read, "The end."]
    skipped = doc.chapters[0].skipped_words.get("contents lists", 0)
    assert skipped == 0 if read else skipped >= 4  # counted as not read, not lost


def test_a_list_of_links_right_under_a_heading_is_read(tmp_path):
    # A contents page of its own (a heading, then the list): read as it is, not taken for a repeat.
    listing = ('<ul><li><a href="a.xhtml#x">Meta</a></li><li><a href="b.xhtml#y">Basics</a></li>'
               '<li><a href="c.xhtml#z">Everyday use</a></li></ul>')
    page = Page("t.xhtml", f"<h1>Guide</h1>{listing}<p>The end.</p>")
    doc = load_document(write_book(tmp_path / "g.epub", BookSpec([page], toc=[epub.Link("t.xhtml", "Guide", "t")])))
    assert doc.chapters[0].paragraphs == ["Guide", "Meta.", "Basics.", "Everyday use.", "The end."]


WELCOME = ("Greetings, Earthling! Welcome to the guide. This handcrafted guide exists to provide both novice and "
           "expert developers a best practice handbook for the installation, configuration, and usage of the "
           "language on a daily basis. It is opinionated in a way that is almost, but not quite, entirely unlike "
           "the official documentation, and it is a living, breathing guide that anyone may improve.")


@pytest.mark.parametrize("title, read_title", [
    ("pythonguide", "The Guide to Python"),  # Sphinx's default epub_title: the project's name
    ("The Hitchhiker's Guide", "The Hitchhiker's Guide"),
])
def test_a_sphinx_book_reads_its_landing_page_without_toctrees_or_printed_urls(tmp_path, title, read_title):
    index = ('<h1>The Guide to Python</h1><p>' + WELCOME + '</p><h2>Getting Started</h2>'
             '<div class="toctree-wrapper compound"><ul><li><a class="reference internal" href="c1.xhtml">Picking '
             'an Interpreter</a><ul><li><a href="c1.xhtml#state">The State of Python</a></li></ul></li></ul></div>')
    chapter = ('<h1>Picking an Interpreter</h1><p>Fork us on <a class="reference external" '
               'href="https://github.com/x/y">GitHub</a><span class="link-target"> [https://github.com/x/y]</span>!</p>')
    path = handmade_epub(
        tmp_path / "sphinx.epub",
        manifest='<item id="i" href="index.xhtml" media-type="application/xhtml+xml"/>'
                 '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>',
        spine='<spine><itemref idref="i"/><itemref idref="c1"/></spine>',
        guide='<guide><reference type="toc" title="Table of Contents" href="index.xhtml"/></guide>',
        metadata=f'<dc:identifier id="id">x</dc:identifier><dc:title>{title}</dc:title><dc:language>en</dc:language>',
        extra={"OEBPS/index.xhtml": Page("index.xhtml", index).xhtml(), "OEBPS/c1.xhtml": Page("c1.xhtml", chapter).xhtml()},
    )
    doc = load_document(path)
    assert doc.title == read_title
    assert [c.paragraphs for c in doc.chapters] == [
        ["The Guide to Python", WELCOME, "Getting Started"], ["Picking an Interpreter", "Fork us on GitHub!"]]
    assert [c.skipped_words for c in doc.chapters] == [{"contents lists": 7}, {"navigation": 1}]  # counted
