"""Stitcher: pauses between chunks, click-free joins, positions of every chunk."""

import numpy as np
import pytest

from litetts_cli.assemble.pauses import PauseProfile
from litetts_cli.assemble.stitch import AudioChunk, Stitcher
from litetts_cli.errors import UsageError

SR = 24_000


def tone(seconds: float, freq: float = 440.0, amplitude: float = 0.5, phase: float = 0.0) -> np.ndarray:
    t = np.arange(round(seconds * SR)) / SR
    return (amplitude * np.sin(2 * np.pi * freq * t + phase)).astype(np.float32)


def padded(sound: np.ndarray, before: float = 0.2, after: float = 0.3) -> np.ndarray:
    return np.concatenate([np.zeros(round(before * SR), np.float32), sound, np.zeros(round(after * SR), np.float32)])


def run(stitcher: Stitcher, chunks: list[AudioChunk]) -> np.ndarray:
    blocks = list(stitcher.stitch(chunks))
    return np.concatenate(blocks) if blocks else np.zeros(0, np.float32)


def test_position_and_spans_add_up():
    stitcher = Stitcher(tail_s=0.25)
    chunks = [AudioChunk(padded(tone(0.5)), "clause", text="First,"), AudioChunk(padded(tone(0.7)), "sentence")]
    audio = run(stitcher, chunks)
    assert audio.size == stitcher.position
    first, second = stitcher.spans
    assert (first.index, second.index) == (0, 1)
    assert first.start == 0
    # The pause after a comma-ended clause sits exactly between the two chunks.
    assert second.start - first.end == round(PauseProfile().comma * SR)
    assert stitcher.position - second.end == round(0.25 * SR)
    # Trimmed chunk = sound + a small margin each side, not the 0.5 s of padding.
    assert 0.5 * SR < first.end - first.start < 0.5 * SR + 0.1 * SR
    assert second.start_s == pytest.approx(second.start / SR)


@pytest.mark.parametrize(
    ("boundary", "text", "field"),
    [
        ("clause", "so;", "semicolon"),
        ("sentence", "So.", "sentence"),
        ("paragraph", "So.", "paragraph"),
        ("heading", "Chapter 1", "heading"),
        ("chapter", "The end.", "chapter"),
    ],
)
def test_gap_follows_pause_profile(boundary, text, field):
    stitcher = Stitcher()
    run(stitcher, [AudioChunk(tone(0.2), boundary, text=text), AudioChunk(tone(0.2))])
    gap = stitcher.spans[1].start - stitcher.spans[0].end
    assert gap == round(getattr(PauseProfile(), field) * SR)


def test_explicit_pause_overrides_profile():
    stitcher = Stitcher()
    run(stitcher, [AudioChunk(tone(0.2), "sentence", pause_s=1.5), AudioChunk(tone(0.2))])
    assert stitcher.spans[1].start - stitcher.spans[0].end == round(1.5 * SR)


def test_no_pause_after_last_chunk_only_tail():
    stitcher = Stitcher(tail_s=0.0)
    audio = run(stitcher, [AudioChunk(tone(0.3), "chapter")])
    assert audio.size == stitcher.spans[0].end


def test_lead_in():
    stitcher = Stitcher(lead_in_s=0.5, tail_s=0)
    audio = run(stitcher, [AudioChunk(tone(0.3))])
    assert stitcher.spans[0].start == round(0.5 * SR)
    assert not np.any(audio[: stitcher.spans[0].start])


def test_chunk_audio_lands_at_its_span():
    sounds = [tone(0.3, freq=300.0), tone(0.3, freq=500.0), tone(0.3, freq=700.0)]
    stitcher = Stitcher(trim=False)
    audio = run(stitcher, [AudioChunk(s) for s in sounds])
    for span, sound in zip(stitcher.spans, sounds):
        placed = audio[span.start : span.end]
        assert placed.size == sound.size
        middle = slice(1000, -1000)  # away from the fades
        np.testing.assert_array_equal(placed[middle], sound[middle])


def test_silent_chunk_gets_empty_span_and_still_pauses():
    stitcher = Stitcher()
    run(stitcher, [AudioChunk(tone(0.2)), AudioChunk(np.zeros(SR, np.float32), "paragraph"), AudioChunk(tone(0.2))])
    empty = stitcher.spans[1]
    assert empty.start == empty.end
    assert stitcher.spans[2].start - empty.end == round(PauseProfile().paragraph * SR)


def max_jump(audio: np.ndarray) -> float:
    return float(np.max(np.abs(np.diff(audio.astype(np.float64)))))


@pytest.mark.parametrize("pause_s", [0.0, 0.15])
@pytest.mark.parametrize("phase", [np.pi / 2, 1.0, 2.5])
def test_joins_have_no_clicks(pause_s, phase):
    """Chunks that start and end mid-wave at high amplitude must not jump at the join."""
    amplitude, freq = 0.8, 300.0
    # A cycle and a quarter: chunks end at a peak, start at ``phase``.
    first = tone(0.5 + 1 / (4 * freq), freq, amplitude)
    second = tone(0.5, freq, amplitude, phase)
    stitcher = Stitcher(trim=False, fade_ms=5.0)
    audio = run(stitcher, [AudioChunk(first, pause_s=pause_s), AudioChunk(second)])
    natural = amplitude * 2 * np.pi * freq / SR  # largest step inside the sine itself
    assert max_jump(audio) <= 1.05 * natural
    assert abs(audio[0]) < 0.01 and abs(audio[stitcher.spans[1].end - 1]) < 0.01


def test_click_check_would_catch_a_hard_cut():
    """The same join without fades jumps far more than the sine itself: the test above can fail."""
    amplitude, freq = 0.8, 300.0
    first = tone(0.5 + 1 / (4 * freq), freq, amplitude)
    stitcher = Stitcher(trim=False, fade_ms=0.0)
    audio = run(stitcher, [AudioChunk(first, pause_s=0.0), AudioChunk(tone(0.5, freq, amplitude, 1.0))])
    assert max_jump(audio) > 5 * amplitude * 2 * np.pi * freq / SR


def test_blocks_are_float32_mono():
    stitcher = Stitcher()
    blocks = stitcher.add(tone(0.2).astype(np.float64), "sentence") + stitcher.add(tone(0.2))
    assert all(b.dtype == np.float32 and b.ndim == 1 for b in blocks)


def test_bad_inputs():
    stitcher = Stitcher()
    with pytest.raises(UsageError):
        stitcher.add(tone(0.1), pause_s=-1.0)
    with pytest.raises(ValueError):
        stitcher.add(tone(0.1), "page")  # type: ignore[arg-type]
    stitcher.finish()
    with pytest.raises(ValueError):
        stitcher.add(tone(0.1))
    assert stitcher.finish() == []
