"""Scan real prose through the normalizer and flag what a narrator would not say.

Usage::

    python tests/corpus/prose_scan.py BOOK [BOOK ...] [--show 20] [--json]

A BOOK is an ``.epub`` file, a Standard Ebooks source folder (one holding
``src/epub/content.opf``), or a git directory of such a source (its ``HEAD`` is
exported with ``git archive``). Books are read with litetts's own ingest, each
chapter title goes through the same spoken-heading function ``litetts book`` uses,
and every paragraph through the normalizer in the book's language. Findings:

- ``letters``: capitals read one by one ("X X V I") or a roman numeral that
  survived as written ("Viii");
- ``digits``: digits left in the spoken text;
- ``money``: old British money ("2s. 6d.") read as units ("two seconds. six D.");
- ``street``: "St." before a name read as "Street" ("Lord Street. Simon").

Fetched books stay out of git; each finding worth keeping becomes a table row in
``tests/normalize/``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from litetts_cli.ingest import load_document
from litetts_cli.normalize import NormalizeOptions, Normalizer
from litetts_cli.normalize.base import MARKUP
from litetts_cli.normalize.headings import spoken_heading

SPOKEN_CHECKS = {
    "letters": re.compile(r"\b(?:[A-Z] ){2,}[A-Z]\b|\b[IVX][ivx]+\b"),
    "digits": re.compile(r"[0-9]+"),
}
"""Patterns in the spoken text that a narrator would not say."""
_OLD_MONEY = re.compile(r"[0-9]+(?:[ \u00a0]?1/2|½)?[sdl]\.")
_COUNT = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|[a-z]+ty(?:-[a-z]+)?)"
_MONEY_AS_UNITS = re.compile(rf"\b{_COUNT} (?:seconds?|D|liters?)\b")
_SAINT_WRITTEN = re.compile(r"St\.[\s\u2060]*([A-Z]\w+)")
_STREET_WORDS = frozenset("Street Road Lane Square Place Hotel Station Chapel Church Office".split())


def _written_as_initials(letters: str, written: str) -> bool:
    """ "I O U" spelled from a written "I.O.U." or "IOU" is what the author asked for."""
    joined = letters.replace(" ", "")
    if letters in written:  # "O O O O that Shakespeherian Rag" is written so
        return True
    return ".".join(joined) in written or re.search(rf"\b{joined}\b", written) is not None


def _markup_word(m: re.Match[str]) -> str:
    """A letter given as phonemes ("[A](/ˈeɪ/)") is still a letter read alone; any other
    span is said by its phonemes, so its written form ("[30°](/.../)") is not checked."""
    word = m.group(0)[1 : m.group(0).find("]")]
    return word if len(word) == 1 and word.isupper() else "~"


def _checks(written: str, spoken: str) -> list[tuple[str, re.Match[str] | None]]:
    """(check, match in spoken) for everything suspicious in one paragraph. Inline
    ``[word](/ipa/)`` markup (the book's own pronunciations, homographs) is not text."""
    spoken = MARKUP.sub(_markup_word, spoken)
    found: list[tuple[str, re.Match[str] | None]] = [
        (name, m) for name, check in SPOKEN_CHECKS.items() for m in check.finditer(spoken)
        if not (name == "letters" and _written_as_initials(m.group(0), written))
    ]
    if _OLD_MONEY.search(written):
        found += [("money", m) for m in _MONEY_AS_UNITS.finditer(spoken)]
    for m in _SAINT_WRITTEN.finditer(written):
        name = m.group(1)
        if name in _STREET_WORDS:
            continue
        street = re.search(rf"\bStreet\.? {re.escape(name)}\b", spoken)
        if street:
            found.append(("street", street))
    return found


_TRIM = 60


def _epub_from_source(source: Path, into: Path) -> Path:
    """Zip a Standard Ebooks ``src`` tree into an EPUB (mimetype first, stored)."""
    out = into / f"{source.name}.epub"
    src = source / "src"
    with zipfile.ZipFile(out, "w") as book:
        book.write(src / "mimetype", "mimetype", compress_type=zipfile.ZIP_STORED)
        for path in sorted(src.rglob("*")):
            if path.is_file() and path.name != "mimetype":
                book.write(path, path.relative_to(src).as_posix(), compress_type=zipfile.ZIP_DEFLATED)
    return out


def _as_epub(book: Path, into: Path) -> Path:
    if book.suffix == ".epub":
        return book
    if (book / "src" / "epub" / "content.opf").is_file():
        return _epub_from_source(book, into)
    if (book / "HEAD").is_file():  # a bare git directory of a source repository
        name = book.parent.name if book.name == "repo" else book.name
        target = into / name.split("+")[-1]
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", f"--git-dir={book}", "archive", "HEAD", "src"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        return _epub_from_source(target, into)
    raise SystemExit(f"{book}: not an .epub, a Standard Ebooks source folder or its git directory")


def scan_book(path: Path) -> dict:
    """Findings for one book: ``{check: [(written, spoken), ...]}`` plus counts."""
    document = load_document(path)
    normalize = Normalizer(NormalizeOptions(language=document.language or "en-us")).normalize
    findings: dict[str, list[tuple[str, str]]] = {name: [] for name in (*SPOKEN_CHECKS, "money", "street")}
    paragraphs = 0
    for chapter in document.chapters:
        items = [(chapter.title, normalize(spoken_heading(chapter.title, role="chapter")))]
        for index, paragraph in enumerate(chapter.paragraphs):
            if index in chapter.heading_indices:
                spoken = normalize(spoken_heading(paragraph, role="section"))
            else:
                spoken = normalize(paragraph)
            items.append((paragraph, spoken))
        for written, spoken in items:
            paragraphs += 1
            for name, m in _checks(written, spoken):
                context = spoken[max(0, m.start() - _TRIM) : m.end() + _TRIM]
                findings[name].append((_near(written, m.group(0)), context))
    return {
        "book": document.title or path.stem,
        "language": document.language,
        "chapters": len(document.chapters),
        "paragraphs": paragraphs,
        "counts": {name: len(rows) for name, rows in findings.items()},
        "findings": findings,
    }


def _near(written: str, token: str) -> str:
    """A short window of the written paragraph, around the token when it is still there."""
    where = written.find(token.split()[0]) if token.split() else -1
    where = max(0, where)
    return written[max(0, where - _TRIM) : where + _TRIM]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=15, help="examples to print per check and book")
    parser.add_argument("--json", action="store_true", help="print every finding as JSON")
    args = parser.parse_args(argv)
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        for book in args.books:
            reports.append(scan_book(_as_epub(book, Path(tmp))))
    if args.json:
        json.dump(reports, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    total: Counter[str] = Counter()
    for report in reports:
        total.update(report["counts"])
        counts = ", ".join(f"{k} {v}" for k, v in report["counts"].items())
        print(f"## {report['book']} ({report['language']}, {report['chapters']} chapters, "
              f"{report['paragraphs']} paragraphs): {counts}")
        for name, rows in report["findings"].items():
            for written, spoken in rows[: args.show]:
                print(f"  [{name}] {spoken!r}\n      from {written!r}")
    print("total:", dict(total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
