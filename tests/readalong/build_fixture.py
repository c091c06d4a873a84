"""Build tests/readalong/data/sherlock-excerpt.epub from the Standard Ebooks source (CC0).

    .venv/bin/python tests/readalong/build_fixture.py SE_REPO/src

``SE_REPO`` is the Standard Ebooks repository of *The Adventures of Sherlock Holmes*
(arthur-conan-doyle_the-adventures-of-sherlock-holmes). The excerpt keeps two stories'
own XHTML files (their markup, ids, epub:type and CSS untouched), cut to a few
paragraphs each so that a read-along test synthesizes about two minutes, plus a
navigation document and a package document written here.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
OUT = Path(__file__).parent / "data" / "sherlock-excerpt.epub"
KEEP = {
    # file: (title, indices of the body's <p> elements kept, in order)
    "a-scandal-in-bohemia.xhtml": ("A Scandal in Bohemia", range(3, 10)),
    "the-redheaded-league.xhtml": ("The Redheaded League", range(1, 5)),
}
MODIFIED = "2026-11-28T00:00:00Z"

OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en-GB">
	<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
		<dc:identifier id="uid">urn:litetts:test:sherlock-excerpt</dc:identifier>
		<dc:title>The Adventures of Sherlock Holmes (excerpt)</dc:title>
		<dc:creator>Arthur Conan Doyle</dc:creator>
		<dc:language>en-GB</dc:language>
		<dc:publisher>Standard Ebooks (excerpt made for litetts tests)</dc:publisher>
		<dc:rights>Public domain in the United States; the Standard Ebooks edition's contributions are dedicated to the public domain under CC0 1.0.</dc:rights>
		<meta property="dcterms:modified">{modified}</meta>
	</metadata>
	<manifest>
		<item href="css/core.css" id="core.css" media-type="text/css"/>
		<item href="css/local.css" id="local.css" media-type="text/css"/>
		<item href="toc.xhtml" id="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>
{items}
	</manifest>
	<spine>
{spine}
	</spine>
</package>
"""

NAV = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en-GB">
	<head>
		<title>Table of Contents</title>
	</head>
	<body epub:type="frontmatter">
		<nav id="toc" epub:type="toc">
			<h2 epub:type="title">Table of Contents</h2>
			<ol>
{entries}
			</ol>
		</nav>
	</body>
</html>
"""

CONTAINER = """<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
	<rootfiles>
		<rootfile full-path="epub/content.opf" media-type="application/oebps-package+xml"/>
	</rootfiles>
</container>
"""


def excerpt(path: Path, kept: range) -> bytes:
    tree = etree.parse(str(path))
    paragraphs = list(tree.getroot().iter(f"{XHTML}p"))
    for index, paragraph in enumerate(paragraphs):
        if index not in kept:
            paragraph.getparent().remove(paragraph)
    # Sections and quotations left without paragraphs (the story's later parts) go too.
    for section in list(tree.getroot().iter(f"{XHTML}section", f"{XHTML}blockquote")):
        if not list(section.iter(f"{XHTML}p")):
            section.getparent().remove(section)
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


def main(source: Path) -> None:
    epub = source / "epub"
    items, spine, entries = [], [], []
    for name, (title, _) in KEEP.items():
        items.append(f'\t\t<item href="text/{name}" id="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'\t\t<itemref idref="{name}"/>')
        entries.append(f'\t\t\t\t<li>\n\t\t\t\t\t<a href="text/{name}">{title}</a>\n\t\t\t\t</li>')
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(OUT, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", (2026, 11, 28, 0, 0, 0)), "application/epub+zip",
                         compress_type=zipfile.ZIP_STORED)

        def add(name: str, data: bytes | str) -> None:
            info = zipfile.ZipInfo(name, (2026, 11, 28, 0, 0, 0))
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)

        add("META-INF/container.xml", CONTAINER)
        add("epub/content.opf", OPF.format(modified=MODIFIED, items="\n".join(items), spine="\n".join(spine)))
        add("epub/toc.xhtml", NAV.format(entries="\n".join(entries)))
        for css in ("core.css", "local.css"):
            add(f"epub/css/{css}", (epub / "css" / css).read_bytes())
        for name, (_, kept) in KEEP.items():
            add(f"epub/text/{name}", excerpt(epub / "text" / name, kept))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
