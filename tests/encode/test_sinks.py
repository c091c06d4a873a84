"""File sinks: every format decodes back; writes are atomic; bad paths fail early."""

import io
import os

import numpy as np
import pytest
import soundfile as sf

from litetts_cli.encode import (
    SUPPORTED_FORMATS,
    ChapterMark,
    Tags,
    check_writable,
    decode_audio,
    get_format,
    open_sink,
    probe,
    probe_duration,
    read_tags,
)
from litetts_cli.errors import OutputError, UsageError

SR = 24_000


def make_tone(seconds: float, freq: float = 440.0, amplitude: float = 0.4, rate: int = SR) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def dominant_frequency(audio: np.ndarray, rate: int = SR) -> float:
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(audio.size)))
    return float(np.fft.rfftfreq(audio.size, 1 / rate)[np.argmax(spectrum)])


# Samples a decoder may add or drop: one codec frame (0 for PCM and FLAC).
FRAME = {"wav": 0, "flac": 0, "pcm": 0, "mp3": 1152, "ogg": 1024, "opus": 960, "m4a": 1024, "m4b": 1024}
FILE_FORMATS = [f for f in SUPPORTED_FORMATS]
TAGGED_FORMATS = [f for f in SUPPORTED_FORMATS if f != "pcm"]


def name(fmt: str) -> str:
    return f"out.{get_format(fmt).extension}"


def write_in_blocks(sink, audio: np.ndarray, block: int = 4000) -> None:
    for start in range(0, audio.size, block):
        sink.write(audio[start : start + block])


def decode(path, fmt: str) -> np.ndarray:
    if fmt == "pcm":
        return np.frombuffer(path.read_bytes(), dtype="<i2").astype(np.float32) / 32768
    return decode_audio(path, SR)


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_each_format_decodes_back(tmp_path, fmt):
    audio = make_tone(1.5, 440.0)
    path = tmp_path / name(fmt)
    with open_sink(path, sample_rate=SR) as sink:
        write_in_blocks(sink, audio)
        assert sink.frames_written == audio.size
    decoded = decode(path, fmt)
    assert abs(decoded.size - audio.size) <= FRAME[fmt]
    assert dominant_frequency(decoded) == pytest.approx(440.0, abs=2.0)
    rms = float(np.sqrt(np.mean(decoded**2)))
    assert rms == pytest.approx(0.4 / np.sqrt(2), rel=0.1)
    assert sorted(os.listdir(tmp_path)) == [path.name]  # no work files left behind


@pytest.mark.parametrize("fmt", [f for f in FILE_FORMATS if f != "pcm"])
def test_sample_rate_codec_and_duration(tmp_path, fmt):
    audio_format = get_format(fmt)
    path = tmp_path / name(fmt)
    with open_sink(path, fmt) as sink:
        sink.write(make_tone(2.0))
    info = probe(path)
    assert info.codec == audio_format.codec  # e.g. real AAC in the M4B, not PCM
    assert info.channels == 1
    # Opus always decodes at 48 kHz; its header keeps the input rate, which libsndfile reads.
    rate = sf.info(str(path)).samplerate if audio_format.backend == "soundfile" else info.sample_rate
    assert rate == SR
    assert probe_duration(path) == pytest.approx(2.0, abs=FRAME[fmt] / SR + 0.01)


def test_pcm_file_is_raw_s16le(tmp_path):
    audio = np.array([0.0, 0.5, -0.5, 1.0, -1.0, 2.0], dtype=np.float32)
    path = tmp_path / "out.pcm"
    with open_sink(path) as sink:
        sink.write(audio)
    assert np.frombuffer(path.read_bytes(), "<i2").tolist() == [0, 16384, -16384, 32767, -32768, 32767]


def test_wav_exact_samples(tmp_path):
    audio = make_tone(0.5)
    path = tmp_path / "out.wav"
    with open_sink(path) as sink:
        write_in_blocks(sink, audio, 777)
    decoded, rate = sf.read(path, dtype="float32")
    assert rate == SR
    np.testing.assert_allclose(decoded, audio, atol=1 / 32768)


@pytest.mark.parametrize("rate", [22_050, 48_000])
def test_other_sample_rates(tmp_path, rate):
    path = tmp_path / "out.flac"
    with open_sink(path, sample_rate=rate) as sink:
        sink.write(make_tone(1.0, rate=rate))
    info = sf.info(str(path))
    assert (info.samplerate, info.frames) == (rate, rate)


@pytest.mark.parametrize("fmt", TAGGED_FORMATS)
def test_tags_read_back(tmp_path, fmt):
    path = tmp_path / name(fmt)
    tags = Tags(title="Tïtle; one = 1", artist="Ä. Author", album="The Album", genre="Audiobook", date="2021")
    with open_sink(path, metadata=tags) as sink:
        sink.write(make_tone(0.5))
    read = read_tags(path)
    assert read["title"] == tags.title
    assert read["artist"] == tags.artist
    assert read["album"] == tags.album
    assert read["genre"] == "Audiobook"
    assert read["date"].startswith("2021")


class Boom(Exception):
    pass


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_exception_inside_with_leaves_no_file(tmp_path, fmt):
    path = tmp_path / name(fmt)
    with pytest.raises(Boom):
        with open_sink(path, metadata=Tags(title="x")) as sink:
            sink.write(make_tone(0.5))
            sink.write(make_tone(0.5))
            raise Boom
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fmt", ["wav", "mp3", "m4b"])
def test_failed_write_keeps_previous_file(tmp_path, fmt):
    path = tmp_path / name(fmt)
    path.write_bytes(b"previous book")
    with pytest.raises(KeyboardInterrupt):
        with open_sink(path) as sink:
            sink.write(make_tone(0.5))
            raise KeyboardInterrupt
    assert path.read_bytes() == b"previous book"
    assert os.listdir(tmp_path) == [path.name]


def test_success_replaces_previous_file(tmp_path):
    path = tmp_path / "out.wav"
    path.write_bytes(b"old")
    with open_sink(path) as sink:
        sink.write(make_tone(0.2))
    assert sf.info(str(path)).frames == round(0.2 * SR)


def test_sink_describes_itself(tmp_path):
    path = tmp_path / "book.m4b"
    with open_sink(path) as sink:
        assert sink.path == path and sink.audio_format.name == "m4b" and sink.audio_format.chapters
        sink.write(make_tone(0.25))
        assert sink.duration_s == pytest.approx(0.25)
    assert open_sink("-", "pcm", stream=io.BytesIO()).path is None


def test_target_appears_only_at_commit(tmp_path):
    path = tmp_path / "out.m4b"
    with open_sink(path) as sink:
        sink.write(make_tone(0.5))
        assert not path.exists()
    assert path.exists()


@pytest.mark.parametrize("fmt", ["flac", "m4b"])
def test_no_audio_is_an_error_and_no_file(tmp_path, fmt):
    path = tmp_path / name(fmt)
    with pytest.raises(OutputError) as info:
        with open_sink(path):
            pass
    assert "no audio" in info.value.message
    assert os.listdir(tmp_path) == []


def test_abort_and_close_are_idempotent(tmp_path):
    sink = open_sink(tmp_path / "out.m4a")
    sink.write(make_tone(0.1))
    sink.abort()
    sink.abort()
    sink.close()
    assert os.listdir(tmp_path) == []
    with pytest.raises(ValueError):
        sink.write(make_tone(0.1))


def unwritable_targets(tmp_path):
    a_file = tmp_path / "a_file.txt"
    a_file.write_text("x")
    return {
        "missing folder": (tmp_path / "no" / "such" / "dir" / "out.wav", "does not exist"),
        "parent is a file": (a_file / "out.wav", "not a folder"),
        "target is a folder": (tmp_path, "is a folder"),
    }


@pytest.mark.parametrize("case", ["missing folder", "parent is a file", "target is a folder"])
def test_unwritable_path_fails_before_any_audio(tmp_path, case):
    target, says = unwritable_targets(tmp_path)[case]
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(OutputError) as info:
        check_writable(target)
    assert says in info.value.message and info.value.hint
    with pytest.raises(OutputError):
        open_sink(target, "wav")
    assert sorted(os.listdir(tmp_path)) == before


def test_check_writable_accepts_good_targets(tmp_path):
    check_writable(tmp_path / "new.m4b")
    check_writable("-")
    assert os.listdir(tmp_path) == []  # the probe file is gone


@pytest.mark.parametrize("fmt", ["wav", "flac", "ogg", "opus", "pcm"])
def test_chapters_on_a_format_without_them(tmp_path, fmt):
    with pytest.raises(UsageError) as info:
        open_sink(tmp_path / name(fmt), chapters=[ChapterMark("One", 0, 1)])
    assert "m4b" in info.value.hint
    assert os.listdir(tmp_path) == []


def test_stereo_input_is_refused(tmp_path):
    with open_sink(tmp_path / "out.wav") as sink:
        with pytest.raises(ValueError):
            sink.write(np.zeros((10, 2), np.float32))
        sink.write(make_tone(0.1))


def test_out_of_range_and_nan_samples_are_made_safe(tmp_path):
    path = tmp_path / "out.flac"
    with open_sink(path) as sink:
        sink.write(np.array([2.0, -3.0, np.nan, np.inf, 0.25], dtype=np.float32))
    decoded, _ = sf.read(path, dtype="float32")
    np.testing.assert_allclose(decoded, [1.0, -1.0, 0.0, 0.0, 0.25], atol=1e-4)
