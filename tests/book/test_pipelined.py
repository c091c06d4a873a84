"""The pipelined book path (``--device cuda``): planning on every core, chapters stitched
and AAC-encoded apart, joined by a stream copy. CI has no GPU, so it runs here on the
torch engine on CPU, and each piece is held to the CPU path's one-stream result."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from litetts_cli.assemble import LoudnessMeter, PauseProfile, Stitcher
from litetts_cli.book.parallel_plan import ParallelPlanner
from litetts_cli.book.pipelined import _Part, _stitch_part, can_pipeline, convert_pipelined
from litetts_cli.book.plan import plan_book
from litetts_cli.book.run import convert, plan_conversion
from litetts_cli.book.types import BookOptions
from litetts_cli.config import resolve
from litetts_cli.encode import probe, read_chapters
from litetts_cli.engine.device import DeviceChoice
from litetts_cli.ingest import IngestOptions, load_document
from litetts_cli.store.cache import AudioCache

BOOK = """# The Harbour

The boats came in before dawn. Gulls followed them, crying over the grey water.

# The Storm

By noon the wind had turned.

# The Morning After

The harbour was quiet again.
"""


@pytest.fixture()
def document(tmp_path):
    source = tmp_path / "harbour.md"
    source.write_text(BOOK)
    return load_document(source, IngestOptions())


def numbered(document):
    return list(enumerate(document.chapters, start=1))


def test_chapters_planned_on_several_cores_are_planned_as_in_one(tmp_home, tmp_path, document):
    settings = resolve({})
    options = BookOptions(output=tmp_path / "out.m4b", use_cache=False)
    alone = plan_conversion(document, numbered(document), settings, options, planner=plan_book)
    planner = ParallelPlanner(2)
    try:
        together = plan_conversion(document, numbered(document), settings, options, planner=planner)
    finally:
        planner.close()
    assert [c.chunks for c in together.planned] == [c.chunks for c in alone.planned]
    assert [c.keys for c in together.planned] == [c.keys for c in alone.planned]
    assert [c.speaker.voice.name for c in together.planned] == [c.speaker.voice.name for c in alone.planned]
    assert [c.index for p in together.planned for c in p.chunks] == list(range(sum(len(p.chunks) for p in alone.planned)))


def test_chapters_stitched_apart_join_into_the_one_stream(tmp_path):
    rng = np.random.default_rng(7)
    cache = AudioCache(tmp_path / "cache")
    chapters = []
    for c in range(3):
        chunks = []
        for n in range(4):
            key = f"{c}-{n}"
            cache.put(key, (0.3 * rng.standard_normal(2400 + 700 * n)).astype(np.float32), model="m", voice="v", speed=1.0)
            chunks.append((key, "chapter" if n == 3 else ("heading" if n == 0 else "sentence"), None, f"text {n}"))
        chapters.append(chunks)
    chapters[1][1] = ("", "sentence", 0.25, "")  # a chunk without speech, and an explicit pause
    profile = PauseProfile()
    one = Stitcher(profile=profile)
    expected = []
    for chunks in chapters:
        for key, boundary, pause, text in chunks:
            audio = cache.get(key) if key else np.zeros(0, dtype=np.float32)
            expected += one.add(audio, boundary, pause_s=pause, text=text)
    expected += one.finish()
    expected = np.concatenate(expected)
    parts, meters = [], []
    for i, chunks in enumerate(chapters):
        keys, boundaries, pauses, texts = zip(*chunks)
        pcm = tmp_path / f"part{i}.f32"
        meters.append(_stitch_part(_Part(str(cache.root), keys, boundaries, pauses, texts, profile, i == 2, str(pcm))))
        parts.append(np.fromfile(pcm, dtype=np.float32))
    np.testing.assert_array_equal(np.concatenate(parts), expected)
    whole = LoudnessMeter()
    whole.add(expected)
    joined = meters[0]
    for later in meters[1:]:
        joined.merge(later)
    assert joined.duration_s == pytest.approx(whole.duration_s)
    assert joined.sample_peak == whole.sample_peak
    assert joined.integrated_lufs() == pytest.approx(whole.integrated_lufs(), abs=0.1)


@pytest.mark.parametrize("options, pipelined", [
    ({}, True),
    ({"fmt": "m4a", "output": "book.m4a"}, True),
    ({"subtitles": "srt"}, False),
    ({"timestamps": "json"}, False),
    ({"split_chapters": True}, False),
    ({"fmt": "mp3"}, False),
    ({"cluster": "auto"}, False),
    ({"verify": True}, False),
])
def test_only_single_aac_files_without_timing_take_the_pipelined_path(tmp_path, options, pipelined):
    options = {"output": "book.m4b", **options}
    options["output"] = tmp_path / options["output"]
    assert can_pipeline(BookOptions(**options)) is pipelined


def test_a_pipelined_book_matches_the_cpu_path(tmp_home, tmp_path, document):
    import torch

    torch.set_num_threads(2)
    settings = resolve({})
    fast = convert_pipelined(document, numbered(document), settings,
                             BookOptions(output=tmp_path / "fast.m4b", use_cache=False),
                             DeviceChoice("cpu", "torch"), processes=2)
    slow = convert(document, numbered(document), settings, BookOptions(output=tmp_path / "slow.m4b", use_cache=False))
    info = probe(tmp_path / "fast.m4b")
    assert info.codec == "aac" and info.sample_rate == 24_000
    marks = read_chapters(tmp_path / "fast.m4b")
    assert [m.title for m in marks] == [m.title for m in read_chapters(tmp_path / "slow.m4b")]
    assert marks[0].start_s == 0
    assert all(a.end_s == pytest.approx(b.start_s, abs=0.01) for a, b in zip(marks, marks[1:]))
    assert marks[-1].end_s == pytest.approx(info.duration_s, abs=0.1)
    # The torch model's takes differ from ONNX's by a few frames; the pauses are the same.
    for f, s in zip(fast.chapters, slow.chapters):
        assert f.audio_seconds == pytest.approx(s.audio_seconds, rel=0.1, abs=0.3)
    assert fast.loudness_lufs == pytest.approx(slow.loudness_lufs, abs=1.0)
    assert fast.synthesized == slow.synthesized == sum(c.chunks for c in slow.chapters)
    ends = [fast.stages[name] for name in ("model loaded", "planned", "synthesized", "stitched", "encoded", "muxed")]
    assert ends == sorted(ends) and fast.stages["weights (seconds)"] > 0
    assert not list(tmp_path.glob(".*litetts-tmp"))  # the work folder is gone
