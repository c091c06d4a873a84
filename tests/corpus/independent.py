"""An independent look at an EPUB, for checking what litetts reports about it.

It shares no code with ``litetts_cli.ingest``: the zip is opened with ``zipfile``, the
package and spine read from the OPF with plain XPath, each spine document's body text
counted with ``lxml.html`` (script and style left out), and the TOC labels read as the
full text of their elements.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import lxml.html
from lxml import etree

_OPF = "{http://www.idpf.org/2007/opf}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


@dataclass
class Facts:
    body_words: int = 0
    """Words in the <body> of every spine document."""
    labels: list[tuple[str, str]] = field(default_factory=list)
    """TOC labels as (full text, text before the label's first inline element)."""


def _parse(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return lxml.html.fromstring(data)


def _local(el) -> str:
    return el.tag.rpartition("}")[2].lower() if isinstance(el.tag, str) else ""


_BLOCKS = frozenset(
    "p div li td th tr h1 h2 h3 h4 h5 h6 dt dd blockquote pre section article aside header footer nav "
    "figcaption caption br hr table ul ol dl figure".split()
)


def _body_words(data: bytes) -> int:
    root = lxml.html.fromstring(data)
    for bad in root.xpath("//*[local-name()='script' or local-name()='style' or local-name()='head']"):
        bad.drop_tree()
    for el in root.iter():
        if _local(el) in _BLOCKS:  # a block ends a word even without whitespace around it
            el.text = " " + (el.text or "")
            el.tail = " " + (el.tail or "")
    bodies = root.xpath("//*[local-name()='body']") or [root]
    return sum(len(b.text_content().split()) for b in bodies)


def read(path: Path) -> Facts:
    facts = Facts()
    with zipfile.ZipFile(path) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.find(f".//{_CONTAINER}rootfile").get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        base = posixpath.dirname(opf_path)
        items = {i.get("id"): i for i in opf.iter(f"{_OPF}item")}
        names = set(archive.namelist())
        for ref in opf.iter(f"{_OPF}itemref"):
            item = items.get(ref.get("idref"))
            if item is None:
                continue
            name = posixpath.normpath(posixpath.join(base, unquote(item.get("href"))))
            if name in names and "html" in (item.get("media-type") or ""):
                facts.body_words += _body_words(archive.read(name))
        for item in items.values():
            name = posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))
            if name not in names:
                continue
            if "nav" in (item.get("properties") or "").split():
                root = _parse(archive.read(name))
                for a in root.iter():
                    if _local(a) == "a":
                        facts.labels.append((" ".join("".join(a.itertext()).split()), " ".join((a.text or "").split())))
            elif (item.get("media-type") or "") == "application/x-dtbncx+xml":
                root = _parse(archive.read(name))
                for text in root.iter():
                    if _local(text) == "text":
                        facts.labels.append((" ".join("".join(text.itertext()).split()), " ".join((text.text or "").split())))
    return facts
