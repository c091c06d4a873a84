"""The FastAPI app behind `litetts serve`: OpenAI's speech API on the CLI's pipeline.

Routes: ``POST /v1/audio/speech`` (``routes_speech``); ``GET /v1/models``,
``GET /v1/audio/voices`` and ``GET /v1/audio/models`` (what Open WebUI asks for),
``GET /health`` (never needs the key) and ``GET /metrics`` (Prometheus) in
``routes_info``; custom voices (``POST``/``GET /v1/voices``, ``DELETE /v1/voices/{id}``)
in ``routes_clone``. This module builds the :class:`ServerState` they share.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI

from litetts_cli import __version__
from litetts_cli.config import Settings
from litetts_cli.engine.engine import Engine, EngineOptions, resolve_layout
from litetts_cli.serve import routes_captioned, routes_clone, routes_info, routes_speech
from litetts_cli.serve.api_errors import install_handlers
from litetts_cli.serve.formats import missing_encoders
from litetts_cli.serve.limits import ClientLimiter
from litetts_cli.serve.metrics import Metrics, MetricsMiddleware
from litetts_cli.serve.options import ServeOptions
from litetts_cli.serve.scheduler import Scheduler
from litetts_cli.serve.state import ServerState
from litetts_cli.serve.voices import VoiceCatalog
from litetts_cli.speech import load_engine, model_identity, open_cache, pause_profile

__all__ = ["create_app", "load_engines"]

log = logging.getLogger("litetts.serve")


def load_engines(settings: Settings, workers: int) -> list[Engine]:
    """``workers`` engines, sharing the cores unless ``settings.threads`` says otherwise."""
    _, threads = resolve_layout(workers, settings.threads)
    # Spinning threads only pay off when one engine has the cores to itself.
    options = EngineOptions(threads=threads, spin=workers == 1)
    return [load_engine(settings, options, note=log.info) for _ in range(workers)]


def create_app(
    settings: Settings, options: ServeOptions = ServeOptions(), *, engines: Sequence[Engine] | None = None
) -> FastAPI:
    """The speech server for ``settings`` (model, default voice, lexicon, cache).

    Engines are loaded here, once (``options.workers`` of them unless ``engines`` are
    given), so a missing model fails before the server listens. The engine threads
    start and stop with the app's lifespan.

    Raises:
        ModelNotFound, EngineError: the model cannot be loaded.
        VoiceNotFound: the default voice (``settings.voice``) does not exist.
        OutputError: there is no ffmpeg.
    """
    state = build_state(settings, options, engines)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state.scheduler.start()
        try:
            yield
        finally:
            state.scheduler.stop()
            state.cache.record_counters()

    app = FastAPI(
        title="litetts", version=__version__, lifespan=lifespan,
        # Every route but /health needs the key; the docs would be a way around it.
        docs_url=None, redoc_url=None, openapi_url=None,
    )
    app.state.litetts = state
    app.state.scheduler = state.scheduler
    app.state.metrics = state.metrics
    app.add_middleware(MetricsMiddleware, metrics=state.metrics)
    install_handlers(app, record=lambda error: state.metrics.error(error.code, error.status))
    app.include_router(routes_info.router)
    app.include_router(routes_speech.router)
    app.include_router(routes_clone.router)
    app.include_router(routes_captioned.router)
    return app


def build_state(settings: Settings, options: ServeOptions, engines: Sequence[Engine] | None) -> ServerState:
    """Voices, engines, cache, scheduler and metrics: what the routes share."""
    catalog = VoiceCatalog(settings)
    catalog.load(settings.voice)  # a bad default voice fails now, not on the first request
    unavailable = missing_encoders()  # and so does a missing ffmpeg
    if unavailable:
        log.warning("this ffmpeg cannot encode %s", ", ".join(f"{f} ({e})" for f, e in unavailable.items()))
    engines = list(engines) if engines else load_engines(settings, options.workers)
    cache = open_cache(settings, enabled=options.use_cache)
    model_id = model_identity(settings)
    metrics = Metrics()
    scheduler = Scheduler(
        engines, max_active=options.max_active, buffered_chunks=options.buffered_chunks, metrics=metrics,
        cache=cache, model_id=model_id,
    )
    metrics.gauge("litetts_queue_depth", "Speech requests waiting for a free engine.", lambda: scheduler.queue_depth)
    metrics.gauge("litetts_active_requests", "Speech requests being synthesized.", lambda: scheduler.active)
    metrics.gauge("litetts_engines", "Engines serving requests.", lambda: len(engines))
    return ServerState(
        settings=settings, options=options, catalog=catalog, scheduler=scheduler, metrics=metrics,
        limiter=ClientLimiter(options.max_per_client), cache=cache, model_id=model_id,
        pauses=pause_profile(settings), engines=len(engines), created=int(time.time()),
        unavailable=unavailable,
    )
