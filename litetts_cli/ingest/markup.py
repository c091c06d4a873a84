"""Parsing (X)HTML leniently: well-formed XHTML through the XML parser, anything else
through the HTML parser, with the document's declared encoding when there is one."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from litetts_cli.ingest.textutil import decode_bytes

_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_comments=True, remove_pis=True
)
HTML_PARSER = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)

_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]{0,200}\?>")
_DECLARED_ENCODING = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?([A-Za-z0-9._-]{1,40})""")


def parse_markup(data: bytes, name: str) -> tuple[etree._Element | None, list[str]]:
    """Parse an XHTML or HTML document, leniently.

    Well-formed XHTML (most EPUB files) goes through the XML parser; anything else
    (undeclared ``&nbsp;``, unclosed tags, bad bytes) through the HTML parser.

    Returns:
        The root element (``None`` for an empty document) and warnings.
    """
    try:
        return etree.fromstring(data, _XML_PARSER), []
    except etree.XMLSyntaxError:
        pass
    match = _DECLARED_ENCODING.search(data[:1024])
    text, warning = decode_bytes(data, name, match.group(1).decode("ascii") if match else None)
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text, parser=HTML_PARSER)
    except (etree.ParserError, ValueError):
        root = None
    return root, [warning] if warning else []
