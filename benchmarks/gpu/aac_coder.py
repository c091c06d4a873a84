"""ffmpeg's AAC coders on the model's speech: speed, loudness and distance to the source
(why ``encode.parts`` encodes a GPU book's chapters with ``-aac_coder fast``).

    python benchmarks/gpu/aac_coder.py SOURCE.f32 --ffmpeg FFMPEG [--coders twoloop fast]

SOURCE.f32 is mono float32 PCM at 24 kHz (a few minutes of chunks read from a book's
cache). Each coder encodes it at 64 kbit/s to ADTS, which is decoded back and aligned
(the encoder's 1,024-sample priming); printed per coder: encoding seconds (one core),
bytes, integrated loudness (BS.1770, litetts's meter), waveform SNR, SNR per band, the
log-spectral distance, and litetts's log-mel distance to the source.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from litetts_cli.assemble import LoudnessMeter
from litetts_cli.spectral import log_mel_distance

RATE = 24_000
PRIMING = 1024
BANDS = ((0, 1000), (1000, 4000), (4000, 8000), (8000, 12000))


def _lufs(samples: np.ndarray) -> float:
    meter = LoudnessMeter(RATE)
    meter.add(samples)
    return round(meter.report().integrated_lufs, 3)


def _spectrum(samples: np.ndarray) -> np.ndarray:
    frames = np.lib.stride_tricks.sliding_window_view(samples, 1024)[::256] * np.hanning(1024)
    return np.abs(np.fft.rfft(frames, axis=1))


def compare(source: np.ndarray, decoded: np.ndarray) -> dict:
    decoded = decoded[PRIMING: PRIMING + source.size]
    source = source[: decoded.size]
    noise = source - decoded
    s, d = _spectrum(source), _spectrum(decoded)
    freqs = np.fft.rfftfreq(1024, 1 / RATE)
    bands = {}
    for low, high in BANDS:
        inside = (freqs >= low) & (freqs < high)
        bands[f"{low}-{high} Hz"] = round(float(10 * np.log10(np.sum(s[:, inside] ** 2)
                                                               / np.sum((s[:, inside] - d[:, inside]) ** 2))), 1)
    lsd = np.mean(np.sqrt(np.mean((20 * np.log10(s + 1e-6) - 20 * np.log10(d + 1e-6)) ** 2, axis=1)))
    return {
        "lufs": _lufs(decoded), "snr_db": round(float(10 * np.log10(np.sum(source ** 2) / np.sum(noise ** 2))), 2),
        "band_snr_db": bands, "log_spectral_distance_db": round(float(lsd), 2),
        "log_mel_distance": round(log_mel_distance(source, decoded), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path)
    parser.add_argument("--ffmpeg", required=True)
    parser.add_argument("--coders", nargs="+", default=["twoloop", "fast"])
    args = parser.parse_args()
    source = np.fromfile(args.source, dtype=np.float32)
    rows = {"source": {"seconds": source.size / RATE, "lufs": _lufs(source)}}
    with tempfile.TemporaryDirectory() as scratch:
        for coder in args.coders:
            encoded, decoded = Path(scratch) / f"{coder}.aac", Path(scratch) / f"{coder}.f32"
            started = time.perf_counter()
            subprocess.run([args.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "f32le",
                            "-ar", str(RATE), "-ac", "1", "-i", str(args.source), "-c:a", "aac", "-aac_coder", coder,
                            "-b:a", "64k", "-f", "adts", str(encoded)], check=True)
            seconds = time.perf_counter() - started
            subprocess.run([args.ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-i", str(encoded), "-f", "f32le",
                            "-ar", str(RATE), "-ac", "1", str(decoded)], check=True)
            rows[coder] = {"encode_seconds": round(seconds, 2), "bytes": encoded.stat().st_size,
                           **compare(source, np.fromfile(decoded, dtype=np.float32))}
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
