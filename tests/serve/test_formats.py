"""Streaming encoders: every response format decodes, and ffmpeg's output flows while
PCM is still going in (no waiting for the end of the text)."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
import soundfile as sf

from litetts_cli.encode.base import to_pcm16
from litetts_cli.errors import OutputError
from litetts_cli.serve import formats
from litetts_cli.serve.formats import RESPONSE_FORMATS, encode_stream
from tests.serve.conftest import SAMPLE_RATE, decode

MAGIC = {
    "mp3": (b"ID3", b"\xff\xf3", b"\xff\xfb", b"\xff\xf2"),
    "opus": (b"OggS",),
    "aac": (b"\xff\xf1", b"\xff\xf9"),
    "flac": (b"fLaC",),
    "wav": (b"RIFF",),
}


def tone(seconds: float, frequency: float = 220.0) -> np.ndarray:
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (0.3 * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


async def collect(fmt: str, pieces: list[np.ndarray], *, wait_for_output_between: bool = False) -> bytes:
    """Encode ``pieces``; optionally hold each next piece back until output has come out."""
    received = bytearray()
    progressed = asyncio.Event()

    async def pcm():
        for number, piece in enumerate(pieces):
            if number and wait_for_output_between:
                await asyncio.wait_for(progressed.wait(), timeout=30)
                progressed.clear()
            yield to_pcm16(piece)

    async for data in encode_stream(pcm(), RESPONSE_FORMATS[fmt]):
        received += data
        if len(received) > 1000:
            progressed.set()
    return bytes(received)


@pytest.mark.parametrize("fmt", list(RESPONSE_FORMATS))
def test_each_format_decodes_to_the_audio_fed_in(fmt, tmp_path):
    pieces = [tone(0.5), tone(1.0, 330.0), tone(0.5, 440.0)]
    data = asyncio.run(collect(fmt, pieces))
    if fmt in MAGIC:
        assert data.startswith(MAGIC[fmt]), data[:8]
    audio = decode(data, fmt, tmp_path)
    # Lossy codecs add encoder delay and padding: tens of milliseconds.
    assert len(audio) / SAMPLE_RATE == pytest.approx(2.0, abs=0.1)
    rms = float(np.sqrt(np.mean(np.square(audio))))
    assert rms == pytest.approx(0.3 / np.sqrt(2), rel=0.2)


@pytest.mark.parametrize("fmt", ["mp3", "opus", "aac", "flac"])
def test_compressed_output_flows_before_the_input_ends(fmt, tmp_path):
    # The second second of audio is only fed once the first one's encoding came out:
    # an encoder that held everything back until its input closed would time out here.
    data = asyncio.run(collect(fmt, [tone(1.0), tone(1.0, 330.0)], wait_for_output_between=True))
    assert len(decode(data, fmt, tmp_path)) / SAMPLE_RATE == pytest.approx(2.0, abs=0.1)


def test_wav_stream_header_says_16_bit_mono_24_khz(tmp_path):
    data = asyncio.run(collect("wav", [tone(0.25)]))
    path = tmp_path / "stream.wav"
    path.write_bytes(data)
    info = sf.info(str(path))
    assert (info.samplerate, info.channels, info.subtype) == (SAMPLE_RATE, 1, "PCM_16")
    assert len(data) == 44 + 2 * round(0.25 * SAMPLE_RATE)


def test_pcm_is_raw_s16le():
    samples = tone(0.1)
    assert asyncio.run(collect("pcm", [samples])) == to_pcm16(samples)


def test_a_failing_source_fails_the_stream_and_stops_ffmpeg(monkeypatch):
    started: list[formats.FfmpegStream] = []

    class RecordedFfmpeg(formats.FfmpegStream):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(formats, "FfmpegStream", RecordedFfmpeg)

    async def pcm():
        yield to_pcm16(tone(0.5))
        raise OutputError("synthesis broke")

    async def run() -> None:
        async for _ in encode_stream(pcm(), RESPONSE_FORMATS["mp3"]):
            pass

    with pytest.raises(OutputError, match="synthesis broke"):
        asyncio.run(run())
    assert len(started) == 1 and started[0].process.poll() is not None


def test_the_bundled_ffmpeg_has_every_encoder():
    assert formats.missing_encoders() == {}
