"""Prometheus metrics in the text exposition format, written by hand (no dependency).

Counters and histograms are updated from the event loop and the engine threads, so
every update holds one lock. Gauges (queue depth, active requests) are read from the
scheduler when ``/metrics`` is scraped.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Metrics", "MetricsMiddleware"]

LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
KNOWN_PATHS = frozenset({
    "/v1/audio/speech", "/v1/models", "/v1/audio/voices", "/v1/audio/models", "/health", "/metrics",
})


@dataclass
class _Histogram:
    buckets: tuple[float, ...]
    counts: list[int] = field(default_factory=list)
    total: float = 0.0
    count: int = 0

    def __post_init__(self) -> None:
        self.counts = [0] * len(self.buckets)

    def observe(self, value: float) -> None:
        index = bisect.bisect_left(self.buckets, value)
        if index < len(self.counts):
            self.counts[index] += 1
        self.total += value
        self.count += 1


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: tuple[tuple[str, str], ...]) -> str:
    if not pairs:
        return ""
    return "{" + ",".join(f'{key}="{_escape(value)}"' for key, value in pairs) + "}"


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class Metrics:
    """The server's counters, histograms and gauges."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[tuple[str, str], ...], int] = {}
        self._errors: dict[tuple[tuple[str, str], ...], int] = {}
        self._latency: dict[str, _Histogram] = {}
        self._first_audio = _Histogram(LATENCY_BUCKETS)
        self.audio_seconds = 0.0
        self.chunks = 0
        self.synthesis_seconds = 0.0
        self.cancelled = 0
        self._gauges: dict[str, tuple[str, Callable[[], float]]] = {}

    # -- updates -------------------------------------------------------------------
    def request_done(self, path: str, method: str, status: int, seconds: float) -> None:
        path = path if path in KNOWN_PATHS else "other"
        key = (("path", path), ("method", method), ("status", str(status)))
        with self._lock:
            self._requests[key] = self._requests.get(key, 0) + 1
            self._latency.setdefault(path, _Histogram(LATENCY_BUCKETS)).observe(seconds)

    def error(self, code: str | None, status: int) -> None:
        key = (("code", code or "unknown"), ("status", str(status)))
        with self._lock:
            self._errors[key] = self._errors.get(key, 0) + 1

    def chunk_done(self, audio_seconds: float, synthesis_seconds: float) -> None:
        with self._lock:
            self.chunks += 1
            self.audio_seconds += audio_seconds
            self.synthesis_seconds += synthesis_seconds

    def first_audio(self, seconds: float) -> None:
        with self._lock:
            self._first_audio.observe(seconds)

    def speech_cancelled(self) -> None:
        with self._lock:
            self.cancelled += 1

    def gauge(self, name: str, help_text: str, read: Callable[[], float]) -> None:
        """Register a gauge read at scrape time."""
        self._gauges[name] = (help_text, read)

    # -- exposition ----------------------------------------------------------------
    def render(self) -> str:
        """All metrics in Prometheus text format 0.0.4."""
        lines: list[str] = []

        def family(name: str, kind: str, help_text: str) -> None:
            lines.append(f"# HELP {name} {help_text}")
            lines.append(f"# TYPE {name} {kind}")

        def histogram(name: str, hist: _Histogram, labels: tuple[tuple[str, str], ...] = ()) -> None:
            running = 0
            for bound, count in zip(hist.buckets, hist.counts):
                running += count
                lines.append(f"{name}_bucket{_labels(labels + (('le', _number(bound)),))} {running}")
            lines.append(f"{name}_bucket{_labels(labels + (('le', '+Inf'),))} {hist.count}")
            lines.append(f"{name}_sum{_labels(labels)} {_number(hist.total)}")
            lines.append(f"{name}_count{_labels(labels)} {hist.count}")

        with self._lock:
            family("litetts_requests_total", "counter", "HTTP requests answered, by path, method and status.")
            for key, value in sorted(self._requests.items()):
                lines.append(f"litetts_requests_total{_labels(key)} {value}")
            family("litetts_request_duration_seconds", "histogram",
                   "Time from request to the last byte of the response (a whole audio stream).")
            for path, hist in sorted(self._latency.items()):
                histogram("litetts_request_duration_seconds", hist, (("path", path),))
            family("litetts_first_audio_seconds", "histogram",
                   "Time from a speech request to its first audio bytes.")
            histogram("litetts_first_audio_seconds", self._first_audio)
            family("litetts_errors_total", "counter",
                   "Error responses and failed audio streams, by error code and status.")
            for key, value in sorted(self._errors.items()):
                lines.append(f"litetts_errors_total{_labels(key)} {value}")
            family("litetts_audio_seconds_total", "counter", "Seconds of audio produced.")
            lines.append(f"litetts_audio_seconds_total {_number(round(self.audio_seconds, 6))}")
            family("litetts_chunks_total", "counter", "Chunks synthesized (or read from the cache).")
            lines.append(f"litetts_chunks_total {self.chunks}")
            family("litetts_synthesis_seconds_total", "counter", "Engine time spent on chunks.")
            lines.append(f"litetts_synthesis_seconds_total {_number(round(self.synthesis_seconds, 6))}")
            family("litetts_speech_cancelled_total", "counter",
                   "Speech requests stopped before their audio ended (mostly clients that went away).")
            lines.append(f"litetts_speech_cancelled_total {self.cancelled}")
        for name, (help_text, read) in sorted(self._gauges.items()):
            family(name, "gauge", help_text)
            lines.append(f"{name} {_number(read())}")
        return "\n".join(lines) + "\n"


class MetricsMiddleware:
    """Counts every HTTP response and times it to its last byte.

    Pure ASGI, so audio streams and client disconnects pass through untouched.
    """

    def __init__(self, app, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def counting_send(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            self.metrics.request_done(scope["path"], scope["method"], status, time.perf_counter() - started)
