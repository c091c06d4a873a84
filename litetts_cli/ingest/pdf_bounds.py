"""Keeping a PDF's cost bounded: memory, unpacked streams and text (see :mod:`litetts_cli.limits`).

A PDF is read one page at a time, but three things could still grow without bound:
pdfminer's object cache (it keeps every stream it resolves, images included), one
compressed stream that inflates to gigabytes (a "zip bomb" inside a PDF), and the
text itself. Each is capped here, with the same limits and hints as an EPUB's.
"""

from __future__ import annotations

import zlib

from litetts_cli.errors import InputError
from litetts_cli.limits import InputLimits, format_size

LARGE_STREAM = 16 * 1024
"""Streams larger than this are not kept in the object cache: page contents, images
and font programs are each used once. Caching nothing would re-inflate compressed
object streams for every object in them (three times slower on a LaTeX paper)."""
_LIMIT_HINT = "if the PDF is genuine, raise the limit with {option} (or {env})"
_CHUNK = 1 << 20


def bounded_document_class(base, limits: InputLimits, name: str):
    """pdfminer's ``PDFDocument`` with an object cache that lets go of large streams,
    and that refuses a stream pdfminer would inflate past ``limits.max_member_bytes``."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    class BoundedDocument(base):
        def getobj(self, objid: int) -> object:
            obj = super().getobj(objid)
            if isinstance(obj, PDFStream):
                raw = obj.rawdata
                if raw is not None and len(raw) > LARGE_STREAM:
                    self._cached_objs.pop(objid, None)
                # Images are never inflated for text extraction; what is (page contents,
                # fonts, object streams) is measured before pdfminer inflates it whole.
                if raw and getattr(obj.get("Subtype"), "name", "") != "Image":
                    filters = obj.get_filters()
                    if filters and filters[0][0] in LITERALS_FLATE_DECODE:
                        _check_inflated_size(raw, limits, name)
            return obj

    return BoundedDocument


def _check_inflated_size(raw: bytes, limits: InputLimits, name: str) -> None:
    inflater = zlib.decompressobj()
    size = 0
    try:
        pending = raw
        while pending:
            size += len(inflater.decompress(pending, _CHUNK))
            pending = inflater.unconsumed_tail
            if size > limits.max_member_bytes:
                raise InputError(
                    f"{name}: a compressed stream inflates to more than {format_size(limits.max_member_bytes)}; "
                    "it looks like a decompression bomb",
                    hint=_LIMIT_HINT.format(option="max_member_size in the config", env="LITETTS_MAX_MEMBER_SIZE"),
                )
    except zlib.error:
        return  # damaged data: pdfminer reads what it can, as it would without this check


class TextBudget:
    """Counts the text kept from the pages and refuses more than ``limits.max_input_bytes``,
    the limit a text file of the same words would meet."""

    def __init__(self, limits: InputLimits, name: str):
        self.left = limits.max_input_bytes
        self.limit = limits.max_input_bytes
        self.name = name

    def spend(self, characters: int) -> None:
        self.left -= characters
        if self.left < 0:
            raise InputError(
                f"{self.name} holds more than {format_size(self.limit)} of text",
                hint=_LIMIT_HINT.format(option="--max-input-size", env="LITETTS_MAX_INPUT_SIZE"),
            )


MAX_PAGE_CHARACTERS = 100_000
"""Characters one page may draw. A dense page of small type has about 6,000; pdfminer's
line grouping slows down with the square of glyphs drawn over each other, so a page
of a hundred thousand is refused rather than left to run for hours."""


def bounded_aggregator_class(base, name: str):
    """pdfminer's page aggregator, refusing a page that draws more than
    :data:`MAX_PAGE_CHARACTERS` characters."""

    class BoundedAggregator(base):
        drawn = 0

        def begin_page(self, page, ctm) -> None:
            self.drawn = 0
            self.page_number = getattr(self, "page_number", 0) + 1
            super().begin_page(page, ctm)

        def render_char(self, *args, **kwargs) -> float:
            self.drawn += 1
            if self.drawn > MAX_PAGE_CHARACTERS:
                raise InputError(
                    f"{name}: page {self.page_number} draws more than {MAX_PAGE_CHARACTERS:,} characters; "
                    "no real page holds that many",
                    hint="the PDF is damaged or built to stall readers; export it again from its source",
                )
            return super().render_char(*args, **kwargs)

    return BoundedAggregator
