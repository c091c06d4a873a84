"""`litetts book --read-along`: a real EPUB 3 book with its audio and Media Overlays,
valid by EPUBCheck, whose clips start where Whisper hears each sentence (issue 17)."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

from litetts_cli.bench.sync import heard_words, norm_word
from litetts_cli.encode.ffmpeg import ffmpeg_exe
from tests.book.test_book import convert_json, litetts
from tests.readalong.epubcheck import epubcheck, problems

DATA = Path(__file__).parent / "data"
BOOK = DATA / "sherlock-excerpt.epub"
SMIL = "{http://www.w3.org/ns/SMIL}"
OPF = "{http://www.idpf.org/2007/opf}"


def clock_seconds(value: str) -> float:
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def decode(data: bytes, tmp_path: Path) -> np.ndarray:
    """16 kHz mono float samples of an audio file (ffmpeg)."""
    path = tmp_path / "clip.m4a"
    path.write_bytes(data)
    out = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", "16000", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype=np.float32)


def test_a_real_epub_becomes_a_valid_read_along_whose_clips_start_with_their_sentences(
        tmp_home, tmp_path, whisper, record_property):
    out = tmp_path / "sherlock-readalong.epub"
    summary = convert_json(BOOK, "--read-along", str(out), "--cache-dir", str(tmp_path / "cache"))
    assert summary["outputs"] == [str(out)]
    assert summary["timing"]["method"] == "exact", summary["timing"]

    report = epubcheck(out)
    assert problems(report) == [], problems(report)
    assert report["checker"]["nError"] == 0 and report["checker"]["nFatal"] == 0

    with zipfile.ZipFile(out) as book, zipfile.ZipFile(BOOK) as original:
        names = book.namelist()
        assert names[0] == "mimetype" and book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        opf = etree.fromstring(book.read("epub/content.opf"))
        items = {i.get("id"): i for i in opf.iter(f"{OPF}item")}
        pages = [i for i in items.values() if i.get("media-overlay")]
        assert [p.get("href") for p in pages] == ["text/a-scandal-in-bohemia.xhtml", "text/the-redheaded-league.xhtml"]
        metas = {(m.get("property"), m.get("refines")): m.text for m in opf.iter(f"{OPF}meta")}
        assert metas[("media:active-class", None)] == "-epub-media-overlay-active"
        total = clock_seconds(metas[("media:duration", None)])
        per_overlay = [clock_seconds(metas[("media:duration", f"#{p.get('media-overlay')}")]) for p in pages]
        assert total == pytest.approx(sum(per_overlay), abs=0.002)
        assert total == pytest.approx(summary["audio_seconds"], abs=3.0)
        # The pages' text is what it was: only spans and ids were added.
        for page in pages:
            path = "epub/" + page.get("href")
            assert _text(book.read(path)) == _text(original.read(path))

        pars = []  # (chapter audio, clip begin, clip end, sentence words) in reading order
        for page in pages:
            smil_path = "epub/" + items[page.get("media-overlay")].get("href")
            smil = etree.fromstring(book.read(smil_path))
            xhtml = etree.fromstring(book.read("epub/" + page.get("href")))
            by_id = {e.get("id"): e for e in xhtml.iter() if e.get("id")}
            for par in smil.iter(f"{SMIL}par"):
                target = par.find(f"{SMIL}text").get("src").split("#")[1]
                clip = par.find(f"{SMIL}audio")
                words = [w for w in (norm_word(w) for w in "".join(by_id[target].itertext()).split()) if w]
                pars.append((str(Path(smil_path).parent / clip.get("src")), clock_seconds(clip.get("clipBegin")),
                             clock_seconds(clip.get("clipEnd")), words))
        audio = {name: decode(book.read(name), tmp_path) for name in dict.fromkeys(p[0] for p in pars)}
    assert len(pars) >= 25 and len(audio) == 2
    for (name, begin, end, _), after in zip(pars, pars[1:] + [None]):
        assert 0 <= begin < end <= len(audio[name]) / 16_000 + 0.05
        assert after is None or after[0] != name or after[1] >= end - 0.001  # in order, never overlapping

    # The clips land on their sentences: each clip starts where the model spoke the
    # sentence's first words, as the same book's word timestamps say (the chunks come
    # from the cache, so this is the same audio, in one file).
    single = tmp_path / "single.wav"
    timed = convert_json(BOOK, "-o", str(single), "-f", "wav", "--timestamps", "json",
                         "--cache-dir", str(tmp_path / "cache"))
    assert timed["synthesized_chunks"] == 0
    offsets = {str(Path("epub/readalong") / f"chapter-{c['number']:03d}.m4a"): c["start_seconds"] for c in timed["chapters"]}
    stamps = json.loads(single.with_suffix(".timestamps.json").read_text())
    spoken = [(norm_word(w["text"]), w["start"]) for w in stamps["words"]]
    differences, position = [], 0
    for name, begin, _, words in pars:
        for j in range(position, len(spoken) - 2):
            if [w for w, _ in spoken[j:j + 3]] == words[:3]:
                differences.append(abs(offsets[name] + begin - spoken[j][1]))
                position = j + 1
                break
    record_property("clip_vs_word_timing_ms", [round(1000 * d) for d in differences])
    assert len(differences) >= 0.9 * len(pars), (len(differences), len(pars))
    assert max(differences) < 0.100

    # And where a listener hears them: Whisper's word timestamps of each chapter's audio.
    heard = {name: heard_words(samples, 16_000, whisper) for name, samples in audio.items()}
    errors = []
    for name, begin, _, words in pars:
        near = [start for word, start in heard[name] if word == words[0] and abs(start - begin) < 1.0]
        if near:
            errors.append(min(abs(start - begin) for start in near))
    record_property("clip_vs_whisper_ms", [round(1000 * e) for e in errors])
    print(f"{len(errors)} of {len(pars)} clip starts heard by Whisper; median {1000 * np.median(errors):.0f} ms, "
          f"max {1000 * max(errors):.0f} ms; vs word timings max {1000 * max(differences):.0f} ms")
    assert len(errors) >= 0.8 * len(pars)
    assert float(np.median(errors)) < 0.100


def _text(xhtml: bytes) -> str:
    body = etree.fromstring(xhtml).find("{http://www.w3.org/1999/xhtml}body")
    return re.sub(r"\s+", " ", "".join(body.itertext()))


EPUB2_OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="uid">x</dc:identifier>
<dc:title>Old</dc:title><dc:language>en</dc:language></metadata>
<manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c1"/></spine></package>"""


def _epub2(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                   'full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("content.opf", EPUB2_OPF)
        z.writestr("c1.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title></head>'
                   "<body><p>An old book.</p></body></html>")
    return path


@pytest.mark.parametrize(
    "case, expected",
    [
        ("epub2", "is an EPUB 2.0 book; read-along (Media Overlays) needs EPUB 3 (convert it to EPUB 3 first"),
        ("same-file", "is the book itself: writing it would replace the book"),
        ("not-epub-name", "--read-along writes an EPUB, but out.m4b does not end in .epub"),
        ("with-output", "--read-along writes only the EPUB, its audio inside"),
        ("markdown", "--read-along needs an EPUB book, not notes.md"),
    ],
)
def test_what_cannot_be_made_a_read_along_is_refused_in_one_line_before_synthesis(tmp_home, tmp_path, case, expected):
    book = BOOK
    args = ["--read-along", str(tmp_path / "out.epub")]
    if case == "epub2":
        book = _epub2(tmp_path / "old.epub")
    elif case == "same-file":
        book = tmp_path / "copy.epub"
        book.write_bytes(BOOK.read_bytes())
        args = ["--read-along", str(book)]
    elif case == "not-epub-name":
        args = ["--read-along", str(tmp_path / "out.m4b")]
    elif case == "with-output":
        args += ["-o", str(tmp_path / "x.m4b")]
    elif case == "markdown":
        book = tmp_path / "notes.md"
        book.write_text("# Notes\n\nSome text.\n")
    before = book.read_bytes()
    result = litetts("book", str(book), *args, "--cache-dir", str(tmp_path / "cache"))
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert book.read_bytes() == before
    assert not (tmp_path / "out.epub").exists() and not (tmp_path / "cache").exists()
