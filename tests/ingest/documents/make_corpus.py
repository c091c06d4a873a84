"""Build the generated part of the document corpus from ``corpus_text.py``.

Run from the repository root: ``.venv/bin/python tests/ingest/documents/make_corpus.py``.
Needs Debian's ``texlive-latex-base texlive-latex-recommended libreoffice-writer-nogui
groff ghostscript`` and the ``documents`` extra (python-docx). The outputs are
committed (a few KB each) so the tests run without those tools; this script is how
they were made, and re-running it rebuilds them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_text import (  # noqa: E402
    ABSTRACT,
    AUTHOR,
    LIST_ITEMS,
    RUNNING_HEADER,
    SECTIONS,
    TABLE_ROWS,
    TITLE,
)


def latex(two_column: bool) -> str:
    cls = "[a5paper,10pt,twocolumn]{article}" if two_column else "[a5paper,11pt]{article}"
    lines = [
        rf"\documentclass{cls}",
        r"\usepackage[margin=16mm]{geometry}",
        r"\usepackage{fancyhdr}",
        r"\pagestyle{fancy}\fancyhf{}",
        rf"\fancyhead[L]{{{RUNNING_HEADER}}}\fancyhead[R]{{Marlow}}\fancyfoot[C]{{\thepage}}",
    ]
    if two_column:
        # No hyperref: no outline, so chapters must come from heading sizes.
        lines.append(rf"\pdfinfo{{/Title ({TITLE}) /Author ({AUTHOR})}}")
    else:
        lines.append(rf"\usepackage[pdftitle={{{TITLE}}},pdfauthor={{{AUTHOR}}},bookmarks=true]{{hyperref}}")
    lines += [rf"\title{{{TITLE}}}", rf"\author{{{AUTHOR}}}", r"\date{}", r"\begin{document}", r"\maketitle",
              r"\thispagestyle{fancy}", r"\begin{abstract}", ABSTRACT, r"\end{abstract}"]
    for section in SECTIONS:
        lines.append(rf"\section{{{section.title}}}")
        for number, paragraph in enumerate(section.paragraphs):
            notes = "".join(rf"\footnote{{{n}}}" for n in section.footnotes) if number == 0 else ""
            lines += [paragraph + notes, ""]
    lines.append(r"\end{document}")
    return "\n".join(lines)


def run_pdflatex(name: str, source: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "doc.tex").write_text(source)
        for _ in range(2):  # twice, for the outline
            subprocess.run(["pdflatex", "-interaction=nonstopmode", "doc.tex"], cwd=tmp, check=True,
                           capture_output=True)
        shutil.copy(Path(tmp) / "doc.pdf", HERE / name)


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>
  <meta:initial-creator>{author}</meta:initial-creator></office:meta>
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.2cm" fo:text-align="justify"/>
   <style:text-properties fo:font-size="11pt"/></style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:text-properties fo:font-size="24pt" fo:font-weight="bold"/></style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
   style:parent-style-name="Standard" style:default-outline-level="1">
   <style:paragraph-properties fo:margin-top="0.5cm"/>
   <style:text-properties fo:font-size="17pt" fo:font-weight="bold"/></style:style>
  <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard">
   <style:text-properties fo:font-size="8pt"/></style:style>
  <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
   <style:text-properties fo:font-size="9pt"/></style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="14.8cm"
   fo:page-height="21cm" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="1.8cm"
   fo:margin-right="1.8cm"/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p text:style-name="Header">{header}</text:p></style:header>
   <style:footer><text:p text:style-name="Header">Page <text:page-number text:select-page="current">1</text:page-number>
    of <text:page-count>1</text:page-count></text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
{body}
 </office:text></office:body>
</office:document>
"""


def fodt() -> str:
    body = [f'<text:p text:style-name="Title">{escape(TITLE)}</text:p>',
            f'<text:p text:style-name="Standard">{escape(ABSTRACT)}</text:p>']
    for index, section in enumerate(SECTIONS):
        body.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{escape(section.title)}</text:h>')
        for number, paragraph in enumerate(section.paragraphs):
            notes = "".join(
                f'<text:note text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
                f'<text:note-body><text:p text:style-name="Footnote">{escape(note)}</text:p></text:note-body></text:note>'
                for n, note in enumerate(section.footnotes, start=1)
            ) if number == 0 else ""
            body.append(f'<text:p text:style-name="Standard">{escape(paragraph)}{notes}</text:p>')
        if index == 3:  # Daily Routine: a list and a table
            body.append("<text:list>" + "".join(
                f'<text:list-item><text:p text:style-name="Standard">{escape(item)}</text:p></text:list-item>'
                for item in LIST_ITEMS) + "</text:list>")
            body.append('<table:table table:name="Stations"><table:table-column table:number-columns-repeated="3"/>'
                        + "".join("<table:table-row>" + "".join(
                            f'<table:table-cell><text:p text:style-name="Standard">{escape(cell)}</text:p></table:table-cell>'
                            for cell in row) + "</table:table-row>" for row in TABLE_ROWS) + "</table:table>")
    return FODT.format(title=escape(TITLE), author=escape(AUTHOR), header=escape(RUNNING_HEADER), body="\n".join(body))


def run_libreoffice() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.fodt"
        source.write_text(fodt())
        for target in ("pdf", "docx"):
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", target, "--outdir", tmp, str(source)], check=True, capture_output=True)
            shutil.copy(Path(tmp) / f"report.{target}", HERE / f"libreoffice-report.{target}")


def groff_ms() -> str:
    lines = [".ds LH " + RUNNING_HEADER, ".ds CH - \\\\n% -", ".ds RH", ".nr PS 11", ".nr VS 13",
             ".nr LL 4.2i", ".pl 8i", ".TL", TITLE, ".AU", AUTHOR, ".AB no", ABSTRACT, ".AE"]
    for section in SECTIONS:
        lines += [".NH", section.title]
        for number, paragraph in enumerate(section.paragraphs):
            lines += [".PP", paragraph + ("\\**" if number == 0 and section.footnotes else "")]
            if number == 0 and section.footnotes:
                lines += [".FS", section.footnotes[0], ".FE"]
    return "\n".join(lines) + "\n"


def run_groff() -> None:
    result = subprocess.run(["groff", "-ms", "-Tpdf", "-P-p8i,5.8i"], input=groff_ms().encode(),
                            check=True, capture_output=True)
    (HERE / "groff-memo.pdf").write_bytes(result.stdout)


def scanned_page() -> None:
    """An image-only PDF, as a scanner without OCR makes."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("1", (850, 1100), 1)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=22)
    y = 80
    for paragraph in SECTIONS[0].paragraphs:
        words, line = paragraph.split(), ""
        for word in words:
            if draw.textlength(f"{line} {word}", font=font) > 700:
                draw.text((75, y), line, font=font, fill=0)
                y, line = y + 30, word
            else:
                line = f"{line} {word}".strip()
        draw.text((75, y), line, font=font, fill=0)
        y += 50
    image.save(HERE / "scanned-page.pdf", resolution=100)


def python_docx_report() -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = TITLE
    document.core_properties.author = AUTHOR
    document.add_heading(TITLE, level=0)
    document.add_paragraph(ABSTRACT)
    for index, section in enumerate(SECTIONS):
        document.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        if index == 3:
            for item in LIST_ITEMS:
                document.add_paragraph(item, style="List Bullet")
            table = document.add_table(rows=0, cols=3)
            for row in TABLE_ROWS:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
    document.save(HERE / "python-docx-report.docx")


NAV = """<header class="site-header"><a href="/">Harbour Gazette</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
<li><a href="/about">About us</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>"""
FOOTER = """<footer><p>Copyright 2026 Harbour Gazette Ltd. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li>
<li><a href="/contact">Contact</a></li></ul></footer>"""
SIDEBAR = """<aside class="sidebar"><h3>Most read</h3><ul>
<li><a href="/a">Ferry timetable changes for the winter season</a></li>
<li><a href="/b">Council approves new harbour wall repairs</a></li>
<li><a href="/c">Local choir wins regional competition</a></li></ul>
<div class="newsletter">Sign up for our newsletter and never miss a story. <input type="email"></div></aside>"""


def html_page(title: str, head_extra: str, main: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Harbour Gazette</title>'
            f"{head_extra}</head><body>{NAV}{main}{SIDEBAR}{FOOTER}</body></html>\n")


def section_html(section, tag: str = "h2") -> str:
    return f"<{tag}>{escape(section.title)}</{tag}>" + "".join(f"<p>{escape(p)}</p>" for p in section.paragraphs)


def web_articles() -> None:
    """Three article pages in the shapes sites use: a blog post in <article>, a news page
    of divs with a share bar and related links, a long read with a table and a list."""
    blog = html_page(TITLE, f'<meta name="author" content="{AUTHOR}">', (
        f'<main><article><h1>{escape(TITLE)}</h1><p class="byline">By {AUTHOR}, 3 March 2026</p>'
        + "".join(section_html(s) for s in SECTIONS[:3])
        + '</article><section class="comments"><h3>2 comments</h3><div class="comment"><p>Great read, thanks!</p></div>'
        '<div class="comment"><p>My grandfather kept the North Head light for thirty years.</p></div></section></main>'))
    news_sections = SECTIONS[3:5]
    news = html_page(news_sections[0].title, f'<meta property="og:title" content="{escape(news_sections[0].title)}">'
                     f'<meta name="author" content="{AUTHOR}">', (
        '<div id="page"><div class="share-bar"><a href="#">Share on social media</a> <a href="#">Email</a></div>'
        f'<div class="story"><h1 class="story-title">{escape(news_sections[0].title)}</h1>'
        '<div class="story-body">' + "".join(f"<p>{escape(p)}</p>" for p in news_sections[0].paragraphs)
        + section_html(news_sections[1]) + "</div></div>"
        '<div class="related"><h4>Related stories</h4><ul><li><a href="/x">Lighthouse opens to visitors</a></li>'
        '<li><a href="/y">Storm damages pier</a></li></ul></div></div>'))
    table = "<table><tr>" + "".join(f"<th>{c}</th>" for c in TABLE_ROWS[0]) + "</tr>" + "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TABLE_ROWS[1:]) + "</table>"
    longread = html_page(TITLE, "", (
        f'<div class="content"><article><h1>{escape(TITLE)}</h1><p>{escape(ABSTRACT)}</p>'
        + section_html(SECTIONS[1]) + section_html(SECTIONS[2])
        + "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in LIST_ITEMS) + "</ul>" + table
        + section_html(SECTIONS[5]) + "</article></div>"))
    no_article = html_page("Sign in", "", '<div class="login"><form><input name="user"><input name="pass" type="password">'
                           "<button>Sign in</button></form></div>")
    for name, page in (("web-blog.html", blog), ("web-news.html", news), ("web-longread.html", longread),
                       ("web-no-article.html", no_article)):
        (HERE / name).write_text(page, encoding="utf-8")


def main() -> None:
    run_pdflatex("latex-paper.pdf", latex(two_column=False))
    run_pdflatex("latex-twocolumn.pdf", latex(two_column=True))
    run_libreoffice()
    run_groff()
    scanned_page()
    python_docx_report()
    web_articles()


if __name__ == "__main__":
    main()
