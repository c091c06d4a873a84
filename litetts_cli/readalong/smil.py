"""SMIL documents of EPUB 3 Media Overlays, and their clock values."""

from __future__ import annotations

import posixpath
from xml.sax.saxutils import quoteattr

ACTIVE_CLASS = "-epub-media-overlay-active"
"""The class reading systems put on the sentence being spoken (``media:active-class``)."""
ACTIVE_CSS = f""".{ACTIVE_CLASS} {{
	background-color: #fff3a8;
	color: #000;
}}
"""


def clock(seconds: float) -> str:
    """A full clock value, ``H:MM:SS.mmm`` (EPUB Media Overlays, SMIL 3)."""
    millis = int(round(max(0.0, seconds) * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours}:{minutes:02d}:{secs:02d}.{millis:03d}"


def relative(path: str, start: str) -> str:
    """``path`` (in the container) as an href from the file ``start``."""
    return posixpath.relpath(path, posixpath.dirname(start) or ".")


def render_smil(smil_path: str, page_path: str, pars: list[tuple[str, str, float, float]]) -> str:
    """A SMIL document for one page: ``pars`` are (element id, audio path, begin, end),
    paths in the container."""
    text_href = relative(page_path, smil_path)
    # The pars sit in the body itself: a <seq epub:textref> would need a fragment under
    # EPUB 3.2's rules (EPUBCheck 4's MED-014), and a page-wide one adds nothing.
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">',
        "\t<body>",
    ]
    for number, (element, audio, begin, end) in enumerate(pars, start=1):
        lines += [
            f"\t\t<par id=\"par{number}\">",
            f"\t\t\t<text src={quoteattr(text_href + '#' + element)}/>",
            f"\t\t\t<audio src={quoteattr(relative(audio, smil_path))} "
            f"clipBegin=\"{clock(begin)}\" clipEnd=\"{clock(end)}\"/>",
            "\t\t</par>",
        ]
    lines += ["\t</body>", "</smil>", ""]
    return "\n".join(lines)
