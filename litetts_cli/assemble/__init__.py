"""Stitching synthesized chunks: trimming, pauses, click-free joins, loudness."""

from litetts_cli.assemble.loudness import (
    DEFAULT_PEAK_CEILING_DB,
    DEFAULT_TARGET_LUFS,
    LoudnessMeter,
    LoudnessReport,
    apply_gain,
    loudness_gain,
    measure_file,
)
from litetts_cli.assemble.limiter import CEILING_DB, MAX_REDUCTION_DB, PeakLimiter
from litetts_cli.assemble.pauses import BOUNDARIES, Boundary, PauseProfile
from litetts_cli.assemble.stitch import AudioChunk, ChunkSpan, Stitcher
from litetts_cli.assemble.trim import fade_edges, trim_silence

__all__ = [
    "BOUNDARIES",
    "CEILING_DB",
    "DEFAULT_PEAK_CEILING_DB",
    "DEFAULT_TARGET_LUFS",
    "AudioChunk",
    "Boundary",
    "ChunkSpan",
    "LoudnessMeter",
    "LoudnessReport",
    "MAX_REDUCTION_DB",
    "PauseProfile",
    "PeakLimiter",
    "Stitcher",
    "apply_gain",
    "fade_edges",
    "loudness_gain",
    "measure_file",
    "trim_silence",
]
