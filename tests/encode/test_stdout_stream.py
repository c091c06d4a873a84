"""Standard output: WAV/PCM streamed and flushed per write, so pipelines hear audio early."""

import io
import os
import select
import struct
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import soundfile as sf

from litetts_cli.encode import open_sink
from litetts_cli.encode.stream_sink import wav_header
from litetts_cli.errors import OutputError, UsageError

SR = 24_000
BLOCK = 2400

CHILD = textwrap.dedent(
    """
    import sys
    import numpy as np
    from litetts_cli.encode import open_sink

    block = (0.3 * np.sin(2 * np.pi * 440 * np.arange(%d) / 24000)).astype(np.float32)
    with open_sink("-", sys.argv[1]) as sink:
        sink.write(block)
        sys.stdin.readline()  # wait until the parent has heard the first block
        sink.write(block)
    """
    % BLOCK
)


def read_exactly(stream, count: int, deadline_s: float = 60.0) -> bytes:
    """Read ``count`` bytes; a generous deadline only so a broken build fails, not hangs."""
    data = b""
    while len(data) < count:
        ready, _, _ = select.select([stream], [], [], deadline_s)
        if not ready:
            break
        piece = os.read(stream.fileno(), count - len(data))
        if not piece:
            break
        data += piece
    return data


@pytest.mark.parametrize(("fmt", "header_bytes"), [("wav", 44), ("pcm", 0)])
def test_first_block_arrives_while_the_writer_is_still_running(fmt, header_bytes):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, fmt], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        first = read_exactly(child.stdout, header_bytes + 2 * BLOCK)
        # The child cannot have finished: it is blocked until we answer below.
        assert child.poll() is None
        assert len(first) == header_bytes + 2 * BLOCK, child.stderr.read().decode() if child.poll() else ""
        rest, errors = child.communicate(b"go\n", timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, errors.decode()
    data = first + rest
    assert len(data) == header_bytes + 4 * BLOCK
    if fmt == "wav":
        # A pipe cannot seek: the header keeps the "unknown length" sizes.
        assert data[:44] == wav_header(SR)
        assert struct.unpack("<I", data[4:8])[0] == 0xFFFFFFFF
        assert struct.unpack("<I", data[40:44])[0] == 0xFFFFFFFF
    samples = np.frombuffer(data[header_bytes:], "<i2")
    assert np.max(np.abs(samples)) == pytest.approx(0.3 * 32768, rel=0.01)


class FlushRecorder(io.RawIOBase):
    """A non-seekable stream that records how many bytes had been flushed at each flush."""

    def __init__(self):
        self.buffer = bytearray()
        self.flushed_at: list[int] = []

    def writable(self):
        return True

    def write(self, data):
        self.buffer += data
        return len(data)

    def flush(self):
        self.flushed_at.append(len(self.buffer))


@pytest.mark.parametrize("fmt", ["wav", "pcm"])
def test_every_write_is_flushed(fmt):
    stream = FlushRecorder()
    with open_sink("-", fmt, stream=stream) as sink:
        for _ in range(3):
            sink.write(np.zeros(100, np.float32))
            assert stream.flushed_at[-1] == len(stream.buffer)
    assert len(stream.buffer) == (44 if fmt == "wav" else 0) + 600


def test_seekable_stream_gets_real_wav_sizes():
    stream = io.BytesIO()
    audio = (0.2 * np.sin(np.arange(5000) / 10)).astype(np.float32)
    with open_sink("-", "wav", stream=stream) as sink:
        sink.write(audio[:2000])
        sink.write(audio[2000:])
    data = stream.getvalue()
    assert struct.unpack("<I", data[40:44])[0] == 2 * audio.size
    assert struct.unpack("<I", data[4:8])[0] == 36 + 2 * audio.size
    decoded, rate = sf.read(io.BytesIO(data), dtype="float32")
    assert rate == SR and decoded.size == audio.size
    np.testing.assert_allclose(decoded, audio, atol=1 / 32768)


def test_stream_after_other_bytes_patches_its_own_header():
    stream = io.BytesIO()
    stream.write(b"prefix")
    with open_sink("-", "wav", stream=stream) as sink:
        sink.write(np.zeros(10, np.float32))
    data = stream.getvalue()
    assert data[:6] == b"prefix" and data[6:10] == b"RIFF"
    assert struct.unpack("<I", data[46:50])[0] == 20


@pytest.mark.parametrize("fmt", ["mp3", "flac", "ogg", "opus", "m4a", "m4b"])
def test_other_formats_cannot_go_to_stdout(fmt):
    with pytest.raises(UsageError) as info:
        open_sink("-", fmt, stream=io.BytesIO())
    assert "wav" in info.value.hint and "pcm" in info.value.hint


def test_closed_pipe_is_an_output_error():
    class ClosedPipe(FlushRecorder):
        def write(self, data):
            raise BrokenPipeError

    with pytest.raises(OutputError) as info:
        with open_sink("-", "pcm", stream=ClosedPipe()) as sink:
            sink.write(np.zeros(10, np.float32))
    assert "closed" in info.value.message


@pytest.mark.parametrize(("mode", "patched"), [("wb", True), ("ab", False)])
def test_header_patch_only_when_rewriting_in_place_is_safe(tmp_path, mode, patched):
    """``> file`` gets real sizes; ``>> file`` keeps the streaming header intact."""
    path = tmp_path / "out.wav"
    with open(path, mode) as stream:
        with open_sink("-", "wav", stream=stream) as sink:
            sink.write(np.zeros(100, np.float32))
    data = path.read_bytes()
    assert len(data) == 44 + 200
    assert struct.unpack("<I", data[40:44])[0] == (200 if patched else 0xFFFFFFFF)
