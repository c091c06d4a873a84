"""Build the corpus of real EPUBs (issue 11) from public source repositories.

Each book in ``books.toml`` names a public repository and how to turn its sources into
an EPUB: zip an unpacked EPUB folder (Standard Ebooks, the IDPF EPUB 3 samples), or run
Pandoc, Sphinx's EPUB builder, the DocBook XSL stylesheets or Calibre's ebook-convert.

The sources are read from bare git repositories laid out as ``SOURCES/owner+name/repo``
(or ``SOURCES/owner+name``), at their HEAD. Books marked ``commit = true`` are small and
freely licensed and are kept in ``books/``; the others are built into ``--out`` only.

Usage:
    python tests/corpus/build_corpus.py --sources DIR [--out DIR] [--only NAME ...]

Tools: pandoc, xsltproc with docbook-xsl and docbook-xml, ebook-convert (Calibre), and
a Python with sphinx and myst-parser (``--sphinx-python``); only the builders that the
chosen books use are needed.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMAGE_SUFFIXES = (".svg", ".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".webp", ".mp4", ".mp3", ".otf", ".ttf", ".woff")
DOCBOOK_EPUB_XSL = "/usr/share/xml/docbook/stylesheet/docbook-xsl/epub/docbook.xsl"


def load_books() -> list[dict]:
    return tomllib.loads((HERE / "books.toml").read_text(encoding="utf-8"))["book"]


def git_dir(sources: Path, repo: str) -> Path:
    base = sources / repo.replace("/", "+")
    for candidate in (base / "repo", base):
        if (candidate / "HEAD").exists() or (candidate / ".git").exists():
            return candidate
    raise SystemExit(f"{repo}: not found under {sources} (expected {base}/repo, a git directory)")


def export(sources: Path, repo: str, path: str, into: Path) -> Path:
    """The repository's ``path`` at HEAD, unpacked under ``into``."""
    data = subprocess.run(
        ["git", f"--git-dir={git_dir(sources, repo)}", "archive", "--format=tar", "HEAD", path or "."],
        check=True, capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    return into / path if path else into


def zip_epub(folder: Path, target: Path, drop_images: bool = False) -> None:
    """An EPUB from an unpacked folder: ``mimetype`` first and stored, the rest deflated."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for file in files:
            name = file.relative_to(folder).as_posix()
            if name == "mimetype" or name.startswith("."):
                continue
            if drop_images and file.suffix.lower() in IMAGE_SUFFIXES:
                continue  # keeps the committed corpus small; the reader reports them missing
            archive.write(file, name, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def build_zip(book: dict, sources: Path, work: Path, target: Path) -> None:
    folder = export(sources, book["repo"], book["path"], work)
    zip_epub(folder, target, drop_images=book.get("drop_images", False))


def build_pandoc(book: dict, sources: Path, work: Path, target: Path) -> None:
    root = export(sources, book["repo"], "", work)
    inputs = [str(root / name) for name in book["inputs"]]
    subprocess.run(
        ["pandoc", *inputs, "-o", str(target), "--toc", "--epub-chapter-level=2",
         "-M", f"lang={book['language']}", "-M", f"title={book['title']}"],
        check=True, cwd=root,
    )


def build_calibre(book: dict, sources: Path, work: Path, target: Path) -> None:
    root = export(sources, book["repo"], "", work)
    subprocess.run(
        ["ebook-convert", str(root / book["inputs"][0]), str(target), "--language", book["language"],
         "--input-encoding", "utf-8",
         "--title", book["title"], "--level1-toc", "//h:h2", "--level2-toc", "//h:h3"],
        check=True, cwd=root, capture_output=True,
    )


def build_sphinx(book: dict, sources: Path, work: Path, target: Path, python: str) -> None:
    root = export(sources, book["repo"], "", work / "src")
    project = work / "project"
    project.mkdir()
    names = []
    for name in book["inputs"]:
        stem = Path(name).stem.lower()
        (project / f"{stem}.md").write_text((root / name).read_text(encoding="utf-8"), encoding="utf-8")
        names.append(stem)
    (project / "conf.py").write_text(
        f"project = {book['title']!r}\nauthor = 'contributors'\nlanguage = {book['language']!r}\n"
        "extensions = ['myst_parser']\nsuppress_warnings = ['myst.header', 'myst.xref_missing', 'toc.not_included']\n"
        "epub_show_urls = 'no'\n",
        encoding="utf-8",
    )
    toctree = "\n".join(f"   {n}" for n in names)
    (project / "index.rst").write_text(
        f"{book['title']}\n{'=' * len(book['title'])}\n\n.. toctree::\n   :maxdepth: 2\n\n{toctree}\n", encoding="utf-8"
    )
    out = work / "out"
    subprocess.run([python, "-m", "sphinx", "-q", "-b", "epub", str(project), str(out)], check=True)
    built = next(out.glob("*.epub"))
    target.write_bytes(built.read_bytes())


def build_docbook(book: dict, sources: Path, work: Path, target: Path) -> None:
    folder = export(sources, book["repo"], book["path"], work / "src")
    out = work / "out"
    out.mkdir()
    subprocess.run(
        ["xsltproc", "--nonet", "--stringparam", "base.dir", "OEBPS/", "--stringparam",
         "epub.metainf.dir", "META-INF/", "--stringparam", "epub.oebps.dir", "OEBPS/",
         DOCBOOK_EPUB_XSL, str(folder / book["main"])],
        check=True, cwd=out, capture_output=True,
    )
    for image in (folder / "images").glob("*") if (folder / "images").is_dir() else ():
        (out / "OEBPS" / "images").mkdir(parents=True, exist_ok=True)
        (out / "OEBPS" / "images" / image.name).write_bytes(image.read_bytes())
    zip_epub(out, target, drop_images=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True, help="folder of bare git repositories (owner+name/repo)")
    parser.add_argument("--out", type=Path, default=None, help="where uncommitted books go [default: a temp folder]")
    parser.add_argument("--only", nargs="*", default=None, help="build only these books")
    parser.add_argument("--sphinx-python", default=sys.executable, help="a Python with sphinx and myst-parser")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="litetts-corpus-"))
    out.mkdir(parents=True, exist_ok=True)
    for book in load_books():
        if args.only and book["name"] not in args.only:
            continue
        target = (HERE / "books" if book.get("commit") else out) / f"{book['name']}.epub"
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            builder = book["builder"]
            if builder == "zip":
                build_zip(book, args.sources, work, target)
            elif builder == "pandoc":
                build_pandoc(book, args.sources, work, target)
            elif builder == "calibre":
                build_calibre(book, args.sources, work, target)
            elif builder == "sphinx":
                build_sphinx(book, args.sources, work, target, args.sphinx_python)
            elif builder == "docbook":
                build_docbook(book, args.sources, work, target)
            else:
                raise SystemExit(f"{book['name']}: unknown builder {builder!r}")
        print(f"{book['name']}: {target} ({target.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
