"""What `litetts serve` is configured with, beyond the shared :class:`Settings`."""

from __future__ import annotations

import math
from dataclasses import dataclass

from litetts_cli.errors import UsageError

OPENAI_SPEED_RANGE = (0.25, 4.0)
"""What OpenAI's API accepts; anything outside is refused with 400, as OpenAI does."""
OPENAI_INPUT_LIMIT = 4096
"""OpenAI's maximum input length in characters."""


@dataclass(frozen=True)
class ServeOptions:
    """Limits and engines of one server. ``None`` means "derive from the others"."""

    api_key: str | None = None
    """Bearer token every route but ``/health`` requires; None serves everyone."""
    workers: int = 1
    """Engines, each in its own thread, loaded once. ONNX Runtime releases the GIL."""
    max_input_chars: int = OPENAI_INPUT_LIMIT
    max_body_bytes: int | None = None
    """Largest request body; None allows a JSON body holding ``max_input_chars``
    characters even when every one is a ``\\uXXXX`` escape."""
    max_active: int = 8
    """Requests synthesizing at once, all clients together; one more gets 503."""
    max_per_client: int = 4
    """Requests one client address may have in progress; one more gets 429."""
    buffered_chunks: int = 4
    """Chunks synthesized ahead of what a client has read; a client that stops
    reading stops taking engine time."""
    use_cache: bool = True
    """Read and write the chunk cache the CLI uses."""
    max_upload_bytes: int = 25 * 1024 * 1024
    """Largest ``POST /v1/voices`` body (reference clips for cloning)."""
    clone_time_budget_s: float = 300.0
    """Most seconds one ``POST /v1/voices`` may spend fitting a voice."""
    body_timeout_s: float = 10.0
    """Seconds a client has to send its whole request body; a body trickled in a byte at
    a time would otherwise hold a connection (and a per-client slot) for ever."""

    def __post_init__(self) -> None:
        for name in ("workers", "max_input_chars", "max_active", "max_per_client", "buffered_chunks"):
            if getattr(self, name) < 1:
                raise UsageError(f"{name.replace('_', '-')} must be 1 or more")
        if not math.isfinite(self.body_timeout_s) or self.body_timeout_s <= 0:
            raise UsageError("body-timeout must be a positive number of seconds")
        if self.max_body_bytes is not None and self.max_body_bytes < 1024:
            raise UsageError("max-body-bytes must be at least 1024")
        if self.api_key is not None and not self.api_key.strip():
            raise UsageError("the API key is empty", hint="give a non-empty --api-key or leave it out")

    @property
    def body_limit(self) -> int:
        if self.max_body_bytes is not None:
            return self.max_body_bytes
        return 12 * self.max_input_chars + 16 * 1024


def engine_speed(requested: float) -> float:
    """OpenAI's 0.25-4.0 speed mapped onto Kokoro's 0.5-2.0 by clamping.

    Within 0.5-2.0 the rate is exactly what was asked; beyond, the nearest rate Kokoro
    can speak (a time-stretch would change the voice, and scaling the whole range
    would make every speed wrong).
    """
    from litetts_cli.config import SPEED_RANGE

    low, high = SPEED_RANGE
    return min(max(requested, low), high)
