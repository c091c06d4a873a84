"""Reference clips for voice cloning: decoded, resampled, trimmed and checked.

Any format ffmpeg reads is decoded to 16 kHz mono float32 (the speaker encoder's rate).
Each clip is trimmed of leading and trailing silence; the clips together must hold
:attr:`ClipRules.min_speech_s` to :attr:`ClipRules.max_speech_s` of speech.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from litetts_cli.encode.ffmpeg import run_ffmpeg
from litetts_cli.errors import CloneInputError

RATE = 16_000
EXTENSIONS = (".wav", ".flac", ".mp3", ".m4a", ".ogg", ".opus")
_FRAME = 400  # 25 ms at 16 kHz


@dataclass(frozen=True)
class ClipRules:
    min_speech_s: float = 5.0
    max_speech_s: float = 300.0
    max_file_bytes: int = 100 * 1024 * 1024
    silence_dbfs: float = -50.0
    """A clip whose loudest 25 ms frames stay below this is silence."""
    min_pause_fraction: float = 0.04
    """Speech dips between syllables and words: fewer frames 15 dB under the loud ones
    than this reads as music or steady noise. (Read speech in the reference set: 23-40 %
    of frames; a held chord or white noise: 0 %.)"""


@dataclass(frozen=True)
class Clip:
    name: str
    sha256: str
    samples: np.ndarray
    """16 kHz mono float32, trimmed."""

    @property
    def seconds(self) -> float:
        return len(self.samples) / RATE


def _frame_db(samples: np.ndarray) -> np.ndarray:
    usable = len(samples) // _FRAME * _FRAME
    frames = samples[:usable].reshape(-1, _FRAME)
    return 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)


def decode(data: bytes, name: str) -> np.ndarray:
    """Any audio ffmpeg reads -> 16 kHz mono float32; CloneInputError when it is not audio.

    Decoded from a temporary file, not a pipe: an m4a's index may sit at its end."""
    with tempfile.TemporaryDirectory(prefix="litetts-clip-") as folder:
        source = Path(folder) / "clip"
        source.write_bytes(data)
        result = run_ffmpeg(
            ["-loglevel", "error", "-i", str(source), "-vn", "-ac", "1", "-ar", str(RATE), "-f", "f32le", "pipe:1"],
            what=f"decoding {name}", check=False,
        )
    samples = np.frombuffer(result.stdout, dtype=np.float32)
    if result.returncode != 0 or samples.size == 0:
        raise CloneInputError(f"{name} is not audio ffmpeg can read",
                              hint="give a wav, flac, mp3 or m4a recording of one person speaking")
    return np.nan_to_num(samples.copy())


def trim(samples: np.ndarray, rules: ClipRules) -> np.ndarray:
    """``samples`` without leading/trailing frames 40 dB below the loudest part."""
    db = _frame_db(samples)
    if db.size == 0:
        return samples[:0]
    floor = max(np.percentile(db, 99) - 40, rules.silence_dbfs)
    loud = np.flatnonzero(db > floor)
    if loud.size == 0:
        return samples[:0]
    start, end = max(loud[0] - 4, 0) * _FRAME, min(loud[-1] + 5, db.size) * _FRAME
    return samples[start:end]


def check_clip(samples: np.ndarray, name: str, rules: ClipRules) -> np.ndarray:
    """The trimmed clip; CloneInputError for silence or music-like sound (no pauses)."""
    db = _frame_db(samples)
    if db.size == 0 or np.percentile(db, 95) < rules.silence_dbfs:
        raise CloneInputError(f"{name} is silent (no sound above {rules.silence_dbfs:g} dBFS)",
                              hint="record someone speaking, closer to the microphone")
    trimmed = trim(samples, rules)
    tdb = _frame_db(trimmed)
    # Speech dips between syllables and words; a held tone or music rarely does.
    pauses = float(np.mean(tdb < np.percentile(tdb, 90) - 15)) if tdb.size else 0.0
    if tdb.size > 40 and pauses < rules.min_pause_fraction:
        raise CloneInputError(f"{name} sounds like music or steady noise, not speech (no pauses between words)",
                              hint="use a clip of one person speaking with no background music")
    return trimmed.astype(np.float32)


def read_clip(path: Path, rules: ClipRules = ClipRules()) -> Clip:
    path = Path(path)
    if not path.is_file():
        raise CloneInputError(f"clip {path} does not exist", hint="pass the path of a recording")
    if path.suffix.lower() not in EXTENSIONS:
        raise CloneInputError(f"{path.name} is not a wav, flac, mp3 or m4a file",
                              hint="convert it first, e.g. ffmpeg -i clip.ext clip.wav")
    if path.stat().st_size > rules.max_file_bytes:
        raise CloneInputError(f"{path.name} is larger than {rules.max_file_bytes // 2**20} MiB",
                              hint="cut it to at most 5 minutes of speech")
    return clip_from_bytes(path.read_bytes(), path.name, rules)


def clip_from_bytes(data: bytes, name: str, rules: ClipRules = ClipRules()) -> Clip:
    digest = hashlib.sha256(data).hexdigest()
    return Clip(name, digest, check_clip(decode(data, name), name, rules))


def check_total(clips: list[Clip], rules: ClipRules = ClipRules()) -> None:
    total = sum(c.seconds for c in clips)
    if total < rules.min_speech_s:
        raise CloneInputError(f"the clips hold {total:.1f} s of speech; at least {rules.min_speech_s:g} s are needed",
                              hint="add more clips or a longer recording of the same person")
    if total > rules.max_speech_s:
        raise CloneInputError(f"the clips hold {total:.0f} s of speech; at most {rules.max_speech_s:g} s are used",
                              hint="pass fewer or shorter clips")
