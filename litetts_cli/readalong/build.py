"""Make the read-along EPUB from the book and its timed, synthesized chapters."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from litetts_cli.readalong.align import Clip, Spoken, Written, align, contiguous
from litetts_cli.readalong.marks import XHTML_NS, IdMaker, mark_sentences
from litetts_cli.readalong.package import (
    Package, add_item, add_meta, append_indented, touch_modified, unused_folder, write_epub,
)
from litetts_cli.readalong.smil import ACTIVE_CLASS, ACTIVE_CSS, clock, relative, render_smil

AUDIO_TYPES = {".m4a": "audio/mp4", ".mp3": "audio/mpeg"}


@dataclass
class ReadAlong:
    """What was written: the EPUB, its overlays and how many sentences they cover."""

    path: Path
    pages: int
    """Pages given a Media Overlay."""
    sentences: int
    """Sentences of the pages that got a clip."""
    unheard: int
    """Sentences of those pages that no spoken sentence matched (left without a clip)."""
    seconds: float
    notes: list[str] = field(default_factory=list)


def make_read_along(package: Package, output: Path, spoken: list[Spoken], audio: dict[int, Path],
                    narrator: str = "") -> ReadAlong:
    """Write ``output``: the book with ``audio`` (chapter number -> file) and overlays
    that clip each written sentence out of its chapter's file."""
    notes: list[str] = []
    trees, written = {}, []
    for page in package.pages:
        try:
            tree = etree.fromstring(package.read(page.path), _PARSER).getroottree()
        except etree.XMLSyntaxError as exc:
            notes.append(f"{page.path} is not well-formed XHTML ({exc}); it has no read-along")
            continue
        trees[page.path] = tree
        written += [Written(page.path, m.id, m.text) for m in mark_sentences(tree.getroot(), IdMaker(tree.getroot()))]
    clips = contiguous(align(written, spoken))
    folder = unused_folder(package, "readalong")
    audio_paths = {n: f"{folder}/chapter-{n:03d}{path.suffix}" for n, path in audio.items()}
    css_path = f"{folder}/readalong.css"
    by_page: dict[str, list[Clip]] = {}
    for clip in clips:
        if clip.chapter in audio_paths:
            by_page.setdefault(clip.page, []).append(clip)

    replaced: dict[str, bytes] = {}
    added: dict[str, Path | bytes] = {css_path: ACTIVE_CSS.encode("utf-8")}
    durations: list[tuple[str, int]] = []
    for number, page in enumerate(p for p in package.pages if p.path in by_page):
        pars = [(c.id, audio_paths[c.chapter], round(c.begin, 3), round(c.end, 3)) for c in by_page[page.path]]
        smil_id = f"readalong-smil-{number + 1}"
        smil_path = f"{folder}/{posixpath.splitext(posixpath.basename(page.path))[0]}-{number + 1}.smil"
        added[smil_path] = render_smil(smil_path, page.path, pars).encode("utf-8")
        add_item(package, smil_id, smil_path, "application/smil+xml")
        page.element.set("media-overlay", smil_id)
        durations.append((smil_id, sum(int(round(1000 * (end - begin))) for _, _, begin, end in pars)))
        tree = trees[page.path]
        _link_css(tree.getroot(), relative(css_path, page.path))
        replaced[page.path] = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
    for number, path in sorted(audio.items()):
        add_item(package, f"readalong-audio-{number}", audio_paths[number], AUDIO_TYPES[path.suffix])
        added[audio_paths[number]] = path
    add_item(package, "readalong-css", css_path, "text/css")
    total = sum(ms for _, ms in durations)
    for smil_id, ms in durations:
        add_meta(package, "media:duration", clock(ms / 1000), refines=f"#{smil_id}")
    add_meta(package, "media:duration", clock(total / 1000))
    add_meta(package, "media:active-class", ACTIVE_CLASS)
    if narrator:
        add_meta(package, "media:narrator", narrator)
    touch_modified(package)
    write_epub(package, output, replaced, added)
    marked = {w.page for w in written if w.page in by_page}
    heard = sum(len(c) for c in by_page.values())
    return ReadAlong(output, len(by_page), heard,
                     sum(1 for w in written if w.page in marked) - heard, total / 1000, notes)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def _link_css(root, href: str) -> None:
    head = root.find(f"{{{XHTML_NS}}}head")
    if head is None:
        return
    append_indented(head, etree.Element(f"{{{XHTML_NS}}}link", href=href, rel="stylesheet", type="text/css"))
