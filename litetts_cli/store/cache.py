"""Content-addressed audio cache for synthesized chunks.

The key is a hash of everything that decides a chunk's sound: model checksum, voice
pack checksum, speed and phonemes. Each entry is one file, written to a temporary name
and renamed, carrying a checksum of its samples that is verified on every read, so a
partial or corrupt entry (a crash, ``kill -9``, a full disk) is never served: it is
deleted and the chunk is synthesized again. Several worker processes may share one
cache directory; the worst race is two workers writing the same entry, and the rename
makes either result whole.

Entry layout: ``LTC1`` magic, a 4-byte little-endian header length, a JSON header
(model, voice, speed, samples, sha256 of the payload, and ``durations``, the samples per
token, when the model gave them), then int16 PCM samples.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from litetts_cli.audio import from_pcm16, to_pcm16

MAGIC = b"LTC1"
SUFFIX = ".ltc"
_COUNTERS = "counters.log"


def chunk_key(model_id: str, voice_id: str, speed: float, phonemes: str) -> str:
    """Cache key for one chunk; any change in what decides the audio changes it."""
    material = json.dumps([model_id, voice_id, round(float(speed), 4), phonemes], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass
class CacheStats:
    entries: int = 0
    bytes: int = 0
    hits: int = 0
    misses: int = 0
    by_model: dict[str, int] = field(default_factory=dict)
    by_voice: dict[str, int] = field(default_factory=dict)

    @property
    def hit_rate(self) -> float | None:
        total = self.hits + self.misses
        return self.hits / total if total else None

    def to_dict(self) -> dict:
        return {
            "entries": self.entries, "bytes": self.bytes, "hits": self.hits,
            "misses": self.misses, "hit_rate": self.hit_rate,
            "by_model": self.by_model, "by_voice": self.by_voice,
        }


class AudioCache:
    """Chunk audio by key, verified on read. ``enabled=False`` makes every call a no-op."""

    def __init__(self, root: Path, enabled: bool = True):
        self.root = Path(root)
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self.corrupt = 0

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> np.ndarray | None:
        """The cached audio for ``key``, or None (also for a damaged entry, then removed)."""
        return self.get_timed(key)[0]

    def get_timed(self, key: str) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The cached audio for ``key`` and its samples per token (None when the entry
        has none, or they do not add up to the audio's length)."""
        if not self.enabled:
            return None, None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None, None
        audio, timing = self._decode(data)
        if audio is None:
            self.corrupt += 1
            self.misses += 1
            path.unlink(missing_ok=True)
            return None, None
        self.hits += 1
        try:  # mtime is the "last used" clock for pruning
            os.utime(path)
        except OSError:
            pass
        return audio, timing

    def contains(self, key: str) -> bool:
        """A whole-looking entry exists: header readable and file size exact. (The
        payload checksum is verified when the entry is read.)"""
        if not self.enabled:
            return False
        path = self._path(key)
        try:
            with path.open("rb") as handle:
                head = handle.read(8)
                if len(head) < 8 or head[:4] != MAGIC:
                    return False
                (header_len,) = struct.unpack("<I", head[4:8])
                header = json.loads(handle.read(header_len))
            return path.stat().st_size == 8 + header_len + 2 * int(header["samples"])
        except (OSError, ValueError, KeyError, TypeError):
            return False

    @staticmethod
    def _decode(data: bytes) -> tuple[np.ndarray | None, np.ndarray | None]:
        if len(data) < 8 or data[:4] != MAGIC:
            return None, None
        (header_len,) = struct.unpack("<I", data[4:8])
        try:
            header = json.loads(data[8 : 8 + header_len])
        except ValueError:
            return None, None
        payload = data[8 + header_len :]
        if len(payload) != 2 * header.get("samples", -1):
            return None, None
        if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
            return None, None
        audio = from_pcm16(payload)
        timing = header.get("durations")
        if isinstance(timing, list) and all(isinstance(d, int) for d in timing) and sum(timing) == audio.size:
            return audio, np.array(timing, dtype=np.int64)
        return audio, None

    @staticmethod
    def _read_header(path: Path) -> dict | None:
        try:
            with path.open("rb") as handle:
                head = handle.read(8)
                if len(head) < 8 or head[:4] != MAGIC:
                    return None
                (header_len,) = struct.unpack("<I", head[4:8])
                return json.loads(handle.read(header_len))
        except (OSError, ValueError):
            return None

    def put(self, key: str, audio: np.ndarray, *, model: str = "", voice: str = "", speed: float = 1.0,
            durations: np.ndarray | None = None) -> None:
        if not self.enabled:
            return
        payload = to_pcm16(audio)
        fields = {
            "model": model, "voice": voice, "speed": speed,
            "samples": len(payload) // 2, "sha256": hashlib.sha256(payload).hexdigest(),
        }
        if durations is not None:
            fields["durations"] = [int(d) for d in durations]
        header = json.dumps(fields).encode("utf-8")
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + struct.pack("<I", len(header)) + header + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- maintenance ---------------------------------------------------------------
    def entries(self) -> Iterator[Path]:
        if self.root.is_dir():
            yield from self.root.glob(f"*/*{SUFFIX}")

    def record_counters(self) -> None:
        """Append this process's hits and misses to the shared counters file."""
        if not self.enabled or not (self.hits or self.misses):
            return
        self.root.mkdir(parents=True, exist_ok=True)
        line = f"{int(time.time())} {self.hits} {self.misses}\n".encode()
        # One short O_APPEND write is atomic, so concurrent workers never interleave.
        fd = os.open(self.root / _COUNTERS, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
        self.hits = self.misses = 0

    def stats(self) -> CacheStats:
        stats = CacheStats()
        for path in self.entries():
            header = self._read_header(path) or {}
            stats.entries += 1
            stats.bytes += path.stat().st_size
            model = header.get("model") or "?"
            voice = header.get("voice") or "?"
            stats.by_model[model] = stats.by_model.get(model, 0) + 1
            stats.by_voice[voice] = stats.by_voice.get(voice, 0) + 1
        counters = self.root / _COUNTERS
        if counters.is_file():
            for line in counters.read_text().splitlines():
                parts = line.split()
                if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
                    stats.hits += int(parts[1])
                    stats.misses += int(parts[2])
        return stats

    def prune(self, max_bytes: int) -> tuple[int, int]:
        """Remove least recently used entries until the cache fits; (removed, freed bytes)."""
        files = []
        for path in self.entries():
            try:
                st = path.stat()
            except OSError:
                continue
            files.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in files)
        removed = freed = 0
        for _, size, path in sorted(files, key=lambda item: item[0]):
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
            freed += size
        return removed, freed

    def clear(self) -> tuple[int, int]:
        result = self.prune(0)
        (self.root / _COUNTERS).unlink(missing_ok=True)
        return result
