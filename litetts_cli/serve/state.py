"""What the server's routes share, built once by ``create_app`` and passed explicitly.

Routes declare ``state: ServerState = Depends(server_state)``; nothing is captured in
closures, so each route module can be read (and tested) on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from litetts_cli.assemble import PauseProfile
from litetts_cli.config import Settings
from litetts_cli.serve.limits import ClientLimiter, check_api_key
from litetts_cli.serve.metrics import Metrics
from litetts_cli.serve.options import ServeOptions
from litetts_cli.serve.scheduler import Scheduler
from litetts_cli.serve.speech_request import MODEL_ALIASES
from litetts_cli.serve.voices import VoiceCatalog
from litetts_cli.store.cache import AudioCache

__all__ = ["ServerState", "authorized", "server_state"]


@dataclass
class ServerState:
    settings: Settings
    options: ServeOptions
    catalog: VoiceCatalog
    scheduler: Scheduler
    metrics: Metrics
    limiter: ClientLimiter
    cache: AudioCache
    model_id: str
    pauses: PauseProfile
    engines: int
    created: int
    """Unix time the server started (the models' ``created``)."""
    unavailable: dict[str, str] = field(default_factory=dict)
    """response_format -> the ffmpeg encoder this server's ffmpeg lacks."""

    @property
    def model_names(self) -> list[str]:
        return list(dict.fromkeys([self.settings.model, *MODEL_ALIASES]))


def server_state(request: Request) -> ServerState:
    return request.app.state.litetts


def authorized(request: Request) -> None:
    """Every route but /health needs the key (when the server has one)."""
    check_api_key(request, server_state(request).options.api_key)
