"""MathJax pages: the formulas' TeX put back into the text, their rendering taken out.

A page saved after MathJax (version 2) ran holds each formula twice: the rendering, a
tree of spans whose glyphs read as "a two plus b two", and the TeX source in a
``<script type="math/tex">`` that readers drop with every other script. A displayed
formula's ``<div class="MathJax_Display">`` inside a ``<p>`` also closed that paragraph
for the HTML parser, and the article extractor lost the words after it. Here the
rendering goes, the TeX comes back as text between ``\\( \\)`` (``\\[ \\]`` when displayed),
which the normalizer reads as words, and the display becomes a span so the paragraph
stays whole. MathJax 3's ``<mjx-container>`` keeps no TeX: its assistive MathML is read
the way an EPUB's MathML is (:func:`.mathml.spoken_math`).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from litetts_cli.ingest.mathml import spoken_math

_DISPLAY_DIV = re.compile(
    rb"<div(\s[^>]*class=\"(?:MathJax_Display|MathJax_SVG_Display)\"[^>]*)>(.*?)</div>", re.DOTALL
)
_OUTPUT_CLASSES = frozenset(
    "MathJax MathJax_Preview MathJax_Display MathJax_SVG MathJax_SVG_Display MathJax_CHTML MathJax_MathML".split()
)


def with_tex(data: bytes) -> bytes:
    """The page with its MathJax formulas as TeX text (unchanged when it has none)."""
    if b"math/tex" not in data and b"<mjx-container" not in data:
        return data
    data = _DISPLAY_DIV.sub(rb"<span\1>\2</span>", data)
    try:
        root = lxml.html.fromstring(data)
    except (etree.LxmlError, ValueError):
        return data
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        kind = (el.get("type") or "").lower()
        if el.tag == "script" and kind.startswith("math/tex"):
            tex = " ".join((el.text or "").split())
            _replace(el, (f"\\[{tex}\\]" if "mode=display" in kind else f"\\({tex}\\)") if tex else "")
        elif el.tag == "mjx-container":
            math = next((m for m in el.iter() if isinstance(m.tag, str) and m.tag.rpartition("}")[2] == "math"), None)
            _replace(el, spoken_math(math) if math is not None else "")
        elif _OUTPUT_CLASSES & set((el.get("class") or "").split()):
            _replace(el, "")
    return lxml.html.tostring(root, encoding="utf-8")


def _replace(el: etree._Element, text: str) -> None:
    """Put ``text`` where ``el`` was (its tail kept) and take ``el`` out."""
    parent, previous = el.getparent(), el.getprevious()
    joined = text + (el.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(el)
