"""PDF ingest on the corpus in tests/ingest/documents (see its README).

Each PDF is typeset from ``corpus_text.py`` by a different producer, so what was
written is known word for word: the tests check chapter titles, that every source
paragraph comes back whole and in order (columns, hyphenation, kerning), that
running headers, page numbers and footnotes are never in the text to be read, and
the words read against two independent counts (the source, and pypdf's extraction).
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from litetts_cli.errors import InputError
from litetts_cli.ingest import load_document
from tests.ingest.documents import corpus_text
from tests.ingest.documents.corpus_text import ABSTRACT, RUNNING_HEADER, SECTIONS, TITLE

DOCUMENTS = Path(__file__).parent / "documents"
NUMBERED = [f"{n} {s.title}" for n, s in enumerate(SECTIONS, start=1)]
PLAIN = [s.title for s in SECTIONS]

# file, title, author, chapter titles
CORPUS = [
    ("latex-paper.pdf", TITLE, "Ada Marlow", [TITLE, *PLAIN]),             # hyperref outline (titles without numbers)
    # No outline: heading sizes. Title and author lines alone join the abstract.
    ("latex-twocolumn.pdf", TITLE, "Ada Marlow", ["Abstract", *NUMBERED]),
    ("libreoffice-report.pdf", TITLE, "Ada Marlow", [TITLE, *PLAIN]),      # Writer's outline
    ("groff-memo.pdf", "groff-memo", "", [TITLE, *[f"{n}. {s.title}" for n, s in enumerate(SECTIONS, start=1)]]),
]
PAGE_NUMBER_LIKE = re.compile(r"(?:^|\s)(?:-\s*\d+\s*-|page \d+ of \d+)(?:\s|$)", re.IGNORECASE)


def normal(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def squashed(text: str) -> str:
    """Without spaces: groff's PDF places some letters a word-space apart ("k eepers"),
    which no extractor can tell from a space; the letters and their order must be right."""
    return "".join(text.replace("’", "'").split())


def read_text(doc) -> str:
    return normal(" ".join(p for c in doc.chapters for p in c.paragraphs))


@pytest.fixture(scope="module", params=[row[0] for row in CORPUS])
def pdf(request):
    return request.param, load_document(DOCUMENTS / request.param)


@pytest.mark.parametrize(("name", "title", "author", "chapters"), CORPUS)
def test_titles_author_and_chapters(name, title, author, chapters):
    doc = load_document(DOCUMENTS / name)
    assert (doc.title, doc.author) == (title, author)
    assert [c.title for c in doc.chapters] == chapters
    assert all(c.heading_indices and c.heading_indices[0] == 0 for c in doc.chapters)


def test_every_paragraph_comes_back_whole_and_in_order(pdf):
    name, doc = pdf
    text = squashed(read_text(doc))
    position = 0
    for paragraph in [ABSTRACT, *(p for s in SECTIONS for p in s.paragraphs)]:
        found = text.find(squashed(paragraph), position)
        assert found >= 0, f"{name}: not read whole or out of order: {paragraph[:60]}"
        position = found


def test_no_running_header_page_number_or_footnote_is_read(pdf):
    name, doc = pdf
    text = read_text(doc)
    assert RUNNING_HEADER.lower() not in text.lower()
    assert not PAGE_NUMBER_LIKE.search(text), name
    assert not [p for c in doc.chapters for p in c.paragraphs if re.fullmatch(r"[\divxlc.\s-]+", p.lower())]
    for note in corpus_text.all_footnotes():
        assert normal(note)[:30] not in text, f"{name}: a footnote is read"
    skipped = corpus_text.skipped_by_reason(doc)
    assert set(skipped) <= {"running headers", "page numbers", "notes"} and "running headers" in skipped
    assert skipped["notes"] == sum(len(note.split()) for note in corpus_text.all_footnotes())


def test_words_read_against_the_source_and_an_independent_extractor(pdf):
    name, doc = pdf
    # The source: section headings, paragraphs and abstract; plus title, author and
    # the word "Abstract" that the typesetters add.
    source = corpus_text.body_words() + len(ABSTRACT.split())
    if name.startswith("libreoffice"):
        source += corpus_text.list_words() + corpus_text.table_words()
    numbers = len(SECTIONS)  # "1 Introduction"
    extras = len(TITLE.split()) + 2 + 1
    read = doc.word_count
    kerning = 12 if name.startswith("groff") else 0  # "k eepers", see squashed()
    assert source <= read <= source + numbers + extras + kerning, (name, read, source)
    # pypdf knows nothing of our heuristics; letters, not words, because of groff's
    # spacing. What is not read is the headers, numbers and footnotes (about 50 words).
    reader = pypdf.PdfReader(DOCUMENTS / name)
    independent = sum(len(re.findall(r"\w", page.extract_text())) for page in reader.pages)
    letters_read = len(re.findall(r"\w", read_text(doc)))
    assert 0.85 <= letters_read / independent <= 0.97, (name, letters_read, independent)


def test_scanned_pdf_says_ocr_is_needed():
    with pytest.raises(InputError) as caught:
        load_document(DOCUMENTS / "scanned-page.pdf")
    line = caught.value.one_line()
    assert "no text layer" in line and "OCR" in line and "\n" not in line


def encrypted(path: Path) -> Path:
    writer = pypdf.PdfWriter(clone_from=DOCUMENTS / "latex-paper.pdf")
    writer.encrypt("secret", algorithm="AES-256")
    writer.write(path)
    return path


def truncated(path: Path) -> Path:
    data = (DOCUMENTS / "latex-paper.pdf").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def not_a_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\nthis is not really a PDF\n")
    return path


def pdf_without_text(path: Path) -> Path:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(path)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (encrypted, "is encrypted and needs a password"),
        (truncated, "cannot be read as a PDF"),
        (not_a_pdf, "cannot be read as a PDF"),
        (pdf_without_text, "has no text to read"),
    ],
)
def test_bad_pdfs_are_one_line_errors(tmp_path, make, message):
    path = make(tmp_path / "bad.pdf")
    with pytest.raises(InputError) as caught:
        load_document(path)
    line = caught.value.one_line()
    assert message in line and "\n" not in line and caught.value.hint


def test_owner_password_only_is_read(tmp_path):
    """Permissions without a user password (print/copy flags) do not stop reading aloud."""
    writer = pypdf.PdfWriter(clone_from=DOCUMENTS / "latex-paper.pdf")
    writer.encrypt("", owner_password="owner", algorithm="AES-128")
    writer.write(tmp_path / "owner.pdf")
    assert load_document(tmp_path / "owner.pdf").word_count == load_document(DOCUMENTS / "latex-paper.pdf").word_count


def test_pdf_named_otherwise_is_read_as_pdf(tmp_path):
    copy = tmp_path / "paper.bin"
    copy.write_bytes((DOCUMENTS / "latex-paper.pdf").read_bytes())
    assert load_document(copy).title == TITLE


# VmHWM, not ru_maxrss: the latter starts from the forking parent's (pytest's) size.
MEASURE_PEAK = """
import re, sys
from pathlib import Path
from litetts_cli.ingest import load_document
from litetts_cli.ingest.pdf import read_pdf  # noqa: F401  (imports counted before the baseline)
import pdfminer.converter, pdfminer.layout, pdfminer.pdfinterp  # noqa: F401,E401
def peak():
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)) * 1024
before = peak()
doc = load_document(Path(sys.argv[1]))
print(doc.word_count, peak() - before)
"""


def test_memory_follows_the_text_not_the_file(tmp_path):
    """A PDF of scanned images and text pages: pages are read one at a time and large
    streams are not cached, so the peak grows by far less than the file's size."""
    import subprocess
    import sys

    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    images = [Image.fromarray((rng.random((600, 600, 3)) * 255).astype("uint8")) for _ in range(60)]
    images[0].save(tmp_path / "scans.pdf", save_all=True, append_images=images[1:], quality=92)
    writer = pypdf.PdfWriter()
    text_pages = pypdf.PdfReader(DOCUMENTS / "latex-paper.pdf").pages
    for index, scan in enumerate(pypdf.PdfReader(tmp_path / "scans.pdf").pages):
        writer.add_page(text_pages[index % 3])
        writer.add_page(scan)
    writer.write(tmp_path / "big.pdf")
    size = (tmp_path / "big.pdf").stat().st_size
    assert size > 15_000_000
    result = subprocess.run([sys.executable, "-c", MEASURE_PEAK, str(tmp_path / "big.pdf")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    words, growth = map(int, result.stdout.split())
    assert words > 60 * 100
    assert growth < size * 0.3, f"peak grew by {growth} bytes reading a {size}-byte PDF"


def minimal_pdf(path: Path, *pages: bytes) -> Path:
    """A PDF with Helvetica and one page per content stream given (Flate-compressed)."""
    import zlib

    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, content in enumerate(pages):
        stream = zlib.compress(content, 9)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
                       b" /Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * index))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_minimal_pdf_builder_makes_a_readable_pdf(tmp_path):
    path = minimal_pdf(tmp_path / "hello.pdf", b"BT /F1 12 Tf 72 700 Td (Hello from a tiny PDF.) Tj ET")
    assert load_document(path).chapters[0].paragraphs == ["Hello from a tiny PDF."]


def test_a_stream_that_inflates_past_the_limit_is_refused(tmp_path):
    from litetts_cli.ingest import IngestOptions
    from litetts_cli.limits import InputLimits

    bomb = b"BT /F1 12 Tf 72 700 Td (Hi.) Tj ET\n" + b"%" + b" " * (3 << 20) + b"\n"
    path = minimal_pdf(tmp_path / "bomb.pdf", bomb)
    assert path.stat().st_size < 20_000
    with pytest.raises(InputError) as caught:
        load_document(path, IngestOptions(limits=InputLimits(max_member_bytes=1 << 20)))
    assert "inflates to more than 1.0 MiB" in caught.value.one_line()


def test_text_past_the_input_limit_is_refused(tmp_path):
    from litetts_cli.ingest import IngestOptions
    from litetts_cli.limits import InputLimits

    page = b"".join(b"BT /F1 10 Tf 72 %d Td (The same line of text again and again.) Tj ET\n" % (720 - i * 11)
                    for i in range(60))
    path = minimal_pdf(tmp_path / "wordy.pdf", *[page] * 40)  # 96,000 characters of text
    assert path.stat().st_size < 30_000
    with pytest.raises(InputError) as caught:
        load_document(path, IngestOptions(limits=InputLimits(max_input_bytes=60_000)))
    assert "holds more than" in caught.value.one_line() and "--max-input-size" in caught.value.one_line()


def test_a_page_drawing_a_million_characters_is_refused_quickly(tmp_path):
    line = b"BT /F1 10 Tf 72 400 Td (" + b"x" * 1000 + b") Tj ET\n"
    path = minimal_pdf(tmp_path / "stall.pdf", line * 1000)
    with pytest.raises(InputError) as caught:
        load_document(path)
    assert "draws more than 100,000 characters" in caught.value.one_line()


YELLOW_PAPER = DOCUMENTS / "pdf-real" / "ethereum-yellow-paper.pdf"
YELLOW_HEADER = "ETHEREUM: A SECURE DECENTRALISED GENERALISED TRANSACTION LEDGER"


def test_a_real_two_column_latex_paper():
    """The Ethereum Yellow Paper (see documents/README.md): 42 two-column pages with a
    full-width title block, running headers, footnotes across the page, display math."""
    doc = load_document(YELLOW_PAPER)
    assert doc.title.startswith("Ethereum Yellow Paper") and doc.author == "Dr. Gavin Wood"
    titles = [c.title for c in doc.chapters]
    assert titles[0] == doc.title  # the title page and abstract, before the first bookmark
    assert titles[1:4] == ["1. Introduction", "2. The Blockchain Paradigm", "3. Conventions"]
    assert "17. Availability" in titles and "Appendix H. Virtual Machine Specification" in titles
    assert "References" not in titles  # a reference list: skipped and counted
    later = " ".join(p for c in doc.chapters[1:] for p in c.paragraphs)
    assert YELLOW_HEADER not in later and "SHANGHAI VERSION" not in later  # the running headers
    assert "(cid:" not in later
    # Hyphenated line ends joined, and a sentence that runs from the left column into the right.
    assert "is a mapping between addresses (160-bit identifiers) and account states" in later
    assert "i.e. σ[a]c = KEC(), then the node represents a simple account" in later
    assert "Notably, such ‘tools’" not in later  # a footnote set across the foot of the page
    skipped = corpus_text.skipped_by_reason(doc)
    assert {"running headers", "notes", "math", "reference list"} <= set(skipped)
    # Every word pypdf finds on the pages is read or accounted for.
    independent = sum(len(page.extract_text().split()) for page in pypdf.PdfReader(YELLOW_PAPER).pages)
    accounted = doc.word_count + sum(skipped.values())
    assert 0.95 <= accounted / independent <= 1.08, (accounted, independent)


@pytest.mark.parametrize(
    ("metadata_title", "title"),
    [
        ("Microsoft Word - report.docx", TITLE),  # filled in by the producer: the page's big line
        ("Untitled 3", TITLE),
        ("Document1", TITLE),
        ("paper.tex", TITLE),
        ("Documenting the Past", "Documenting the Past"),
        ("The Document", "The Document"),
    ],
)
def test_producer_filled_titles_give_way_to_the_title_on_the_page(tmp_path, metadata_title, title):
    writer = pypdf.PdfWriter(clone_from=DOCUMENTS / "latex-twocolumn.pdf")
    writer.add_metadata({"/Title": metadata_title})
    writer.write(tmp_path / "titled.pdf")
    assert load_document(tmp_path / "titled.pdf").title == title


def _page(*lines: tuple[int, int, str]) -> bytes:
    return b" ".join(b"BT /F1 12 Tf %d %d Td (%s) Tj ET" % (x, y, text.encode()) for x, y, text in lines)


@pytest.mark.parametrize("foot, read", [
    # LaTeX's A4 article sets the number at 84% of the page height, above the margin zone.
    ("7", False),
    ("- 7 -", False),
    ("Page 7 of 9", False),
    # Words at the foot are text; a number with text beside it is not alone.
    ("Seven", True),
])
def test_a_page_number_below_all_text_is_not_read_even_in_a_wide_margin(tmp_path, foot, read):
    body = [(72, 700, "The rain fell on the harbour all night."), (72, 680, "Nobody slept.")]
    path = minimal_pdf(tmp_path / "folio.pdf", _page(*body, (300, 130, foot)),
                       _page(*body, (300, 130, foot.replace("7", "8"))))
    text = " ".join(p for c in load_document(path).chapters for p in c.paragraphs)
    assert ("Seven" in text) == read
    assert not re.search(r"\b[78]\b", text)


def test_a_lone_number_among_the_text_is_read(tmp_path):
    path = minimal_pdf(tmp_path / "list.pdf", _page((72, 700, "The answer was"), (72, 500, "42"),
                                                    (72, 300, "and nobody believed it.")))
    text = " ".join(p for c in load_document(path).chapters for p in c.paragraphs)
    assert "42" in text


_HELVETICA = {"D": 722, "a": 556, "t": 278, "S": 667, "h": 556, "e": 556, " ": 278}


def _drawn(word: str, twice: bool) -> list[tuple[float, int, str]]:
    """Each glyph of ``word`` at its place on one line; ``twice``: again 0.4 pt to the right."""
    x, drawn = 72.0, []
    for char in word:
        drawn += [(x, 700, char)] + ([(x + 0.4, 700, char)] if twice else [])
        x += _HELVETICA[char] * 12 / 1000
    return drawn


@pytest.mark.parametrize("twice", [False, True])
def test_bold_faked_by_printing_twice_is_read_once(tmp_path, twice):
    content = b" ".join(b"BT /F1 12 Tf %.2f %d Td (%s) Tj ET" % (x, y, c.encode()) for x, y, c in _drawn("Data Sheet", twice))
    path = minimal_pdf(tmp_path / "sheet.pdf", content)
    assert load_document(path).chapters[0].paragraphs == ["Data Sheet"]


@pytest.mark.parametrize("row, chapters", [
    # A table's header row set large: columns far apart on one line, no chapter.
    ([(72, 600, "Country"), (220, 600, "Population"), (380, 600, "Capital")], 1),
    # The same words as one run: a heading, and a chapter of its own.
    ([(72, 600, "Country Population Capital")], 2),
])
def test_a_table_header_row_is_not_a_chapter_heading(tmp_path, row, chapters):
    body = " ".join(["The harbour was quiet that year and the boats stayed in."] * 3)
    text = b"BT /F1 12 Tf 72 700 Td (%s) Tj ET " % body[:80].encode()
    text += b" ".join(b"BT /F1 16 Tf %d %d Td (%s) Tj ET" % (x, y, t.encode()) for x, y, t in row)
    text += b" BT /F1 12 Tf 72 560 Td (Austria Vienna and more text follows here in the body.) Tj ET"
    doc = load_document(minimal_pdf(tmp_path / "table.pdf", text))
    assert len(doc.chapters) == chapters, [c.title for c in doc.chapters]
    assert "Country" in " ".join(p for c in doc.chapters for p in c.paragraphs)
