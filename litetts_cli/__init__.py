"""litetts: terminal-first text-to-speech with Kokoro-82M on ONNX Runtime."""

__version__ = "0.1.0"

SAMPLE_RATE = 24_000
"""Kokoro-82M always produces mono float32 audio at 24 kHz."""
