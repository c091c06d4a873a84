"""The FastAPI app behind `litetts serve`: OpenAI's speech API on the CLI's pipeline.

Routes: ``POST /v1/audio/speech``, ``GET /v1/models``, ``GET /v1/audio/voices`` and
``GET /v1/audio/models`` (what Open WebUI asks for), ``GET /health`` (never needs the
key) and ``GET /metrics`` (Prometheus).
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from litetts_cli import __version__
from litetts_cli.assemble import Stitcher
from litetts_cli.config import Settings
from litetts_cli.engine.chunking import Chunk
from litetts_cli.engine.engine import Engine, EngineOptions, available_cores
from litetts_cli.errors import LitettsError
from litetts_cli.serve.api_errors import ApiError, from_litetts_error, install_handlers
from litetts_cli.serve.formats import RESPONSE_FORMATS, encode_stream, missing_encoders
from litetts_cli.serve.limits import ClientLimiter, check_api_key, read_body
from litetts_cli.serve.metrics import Metrics, MetricsMiddleware
from litetts_cli.serve.options import ServeOptions, engine_speed
from litetts_cli.serve.scheduler import Scheduler, SchedulerFull, ServerStopping, SpeechJob
from litetts_cli.serve.speech_request import MODEL_ALIASES, SpeechRequest, parse_speech_request
from litetts_cli.serve.voices import VoiceCatalog
from litetts_cli.speech import Speaker, load_engine, model_identity, open_cache, pause_profile

__all__ = ["create_app", "load_engines"]

log = logging.getLogger("litetts.serve")


def load_engines(settings: Settings, workers: int) -> list[Engine]:
    """``workers`` engines, sharing the cores unless ``settings.threads`` says otherwise."""
    threads = settings.threads or max(1, available_cores() // workers)
    # Spinning threads only pay off when one engine has the cores to itself.
    options = EngineOptions(threads=threads, spin=workers == 1)
    return [load_engine(settings, options, note=log.info) for _ in range(workers)]


class _AudioResponse(StreamingResponse):
    """A streaming response that always runs ``on_close``: after the last byte, after a
    client disconnect, and even when the body never started."""

    def __init__(self, content, on_close: Callable[[], None], **kwargs):
        super().__init__(content, **kwargs)
        self._on_close = on_close

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._on_close()


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
    catalog = VoiceCatalog(settings)
    catalog.load(settings.voice)  # a bad default voice fails now, not on the first request
    unavailable = missing_encoders()  # and so does a missing ffmpeg
    if unavailable:
        log.warning("this ffmpeg cannot encode %s", ", ".join(f"{f} ({e})" for f, e in unavailable.items()))
    engines = list(engines) if engines else load_engines(settings, options.workers)
    cache = open_cache(settings, enabled=options.use_cache)
    model_id = model_identity(settings)
    pauses = pause_profile(settings)
    metrics = Metrics()
    scheduler = Scheduler(
        engines, max_active=options.max_active, buffered_chunks=options.buffered_chunks, metrics=metrics
    )
    limiter = ClientLimiter(options.max_per_client)
    created = int(time.time())
    metrics.gauge("litetts_queue_depth", "Speech requests waiting for a free engine.", lambda: scheduler.queue_depth)
    metrics.gauge("litetts_active_requests", "Speech requests being synthesized.", lambda: scheduler.active)
    metrics.gauge("litetts_engines", "Engines serving requests.", lambda: len(engines))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        scheduler.start()
        try:
            yield
        finally:
            scheduler.stop()
            cache.record_counters()

    app = FastAPI(
        title="litetts", version=__version__, lifespan=lifespan,
        # Every route but /health needs the key; the docs would be a way around it.
        docs_url=None, redoc_url=None, openapi_url=None,
    )
    app.state.scheduler = scheduler
    app.state.metrics = metrics
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    install_handlers(app, record=lambda error: metrics.error(error.code, error.status))

    def authorized(request: Request) -> None:
        check_api_key(request, options.api_key)

    guarded = [Depends(authorized)]
    model_names = list(dict.fromkeys([settings.model, *MODEL_ALIASES]))

    @app.get("/health")
    async def health() -> dict:
        return {
            "status": "ok" if scheduler.has_room() else "busy",
            "model": settings.model,
            "engines": len(engines),
            "active": scheduler.active,
            "queue_depth": scheduler.queue_depth,
            "version": __version__,
        }

    @app.get("/metrics", dependencies=guarded)
    async def prometheus() -> PlainTextResponse:
        return PlainTextResponse(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    @app.get("/v1/models", dependencies=guarded)
    async def list_models() -> dict:
        return {"object": "list", "data": [_model_card(name, created) for name in model_names]}

    @app.get("/v1/models/{name}", dependencies=guarded)
    async def get_model(name: str) -> dict:
        if name not in model_names:
            raise ApiError(404, f"no model {name!r}; see GET /v1/models", code="model_not_found", param="model")
        return _model_card(name, created)

    @app.get("/v1/audio/models", dependencies=guarded)
    async def audio_models() -> dict:
        return {"models": [{"id": name, "name": name} for name in model_names]}

    @app.get("/v1/audio/voices", dependencies=guarded)
    async def list_voices() -> dict:
        return {"voices": await run_in_threadpool(catalog.listing)}

    def prepare(speech: SpeechRequest) -> tuple[Speaker, Iterator[Chunk]]:
        """Voice, normalizer and the first chunk (off the event loop): everything that
        can still be refused with a 400 before the audio starts."""
        try:
            voice = catalog.load(speech.voice)
        except LitettsError as exc:
            raise from_litetts_error(exc, "voice") from None
        speaker = Speaker(
            None, voice, engine_speed(speech.speed), normalize=catalog.normalizer(voice),
            cache=cache, model_id=model_id,
        )
        try:
            chunks = speaker.iter_chunks(speech.input)
            first = next(chunks, None)
        except LitettsError as exc:
            raise from_litetts_error(exc, "input") from None
        if first is None:
            raise ApiError(400, "'input' has nothing to speak after normalization; give words", param="input",
                           code="invalid_value")
        return speaker, itertools.chain([first], chunks)

    @app.post("/v1/audio/speech", dependencies=guarded)
    async def create_speech(request: Request):
        started = time.perf_counter()
        body = await read_body(request, options.body_limit, options.body_timeout_s)
        speech = parse_speech_request(
            body, served_model=settings.model, default_voice=settings.voice,
            max_input_chars=options.max_input_chars,
        )
        if speech.response_format in unavailable:
            raise ApiError(
                400,
                f"response_format {speech.response_format} needs ffmpeg's {unavailable[speech.response_format]} "
                "encoder, which this server's ffmpeg lacks; ask for wav or pcm, or point IMAGEIO_FFMPEG_EXE "
                "at an ffmpeg that has it",
                param="response_format", code="unsupported_format",
            )
        client = request.client.host if request.client else "unknown"
        if not limiter.acquire(client):
            raise ApiError(
                429,
                f"this client already has {options.max_per_client} speech requests in progress; "
                "wait for one to finish",
                code="rate_limit_exceeded", headers={"Retry-After": "1"},
            )
        try:
            if not scheduler.has_room():
                raise SchedulerFull()
            speaker, chunks = await run_in_threadpool(prepare, speech)
            job = SpeechJob(speaker, chunks, Stitcher(profile=pauses), label=speaker.voice.name)
            scheduler.submit(job)
        except SchedulerFull:
            limiter.release(client)
            raise ApiError(
                503,
                f"the server is busy: {options.max_active} requests are being synthesized; retry shortly",
                code="server_busy", headers={"Retry-After": "1"},
            ) from None
        except BaseException:
            limiter.release(client)
            raise

        stream_format = RESPONSE_FORMATS[speech.response_format]

        async def audio():
            waiting_for_audio = True
            try:
                async for data in encode_stream(job.pcm(), stream_format):
                    if waiting_for_audio and job.chunks_done:
                        metrics.first_audio(time.perf_counter() - started)
                        waiting_for_audio = False
                    yield data
            except Exception as exc:
                if not isinstance(exc, ServerStopping):
                    metrics.error("stream_failed", 500)
                raise

        def finished() -> None:
            scheduler.cancel(job)  # a no-op for a job that ran to the end
            limiter.release(client)

        return _AudioResponse(
            audio(), finished, media_type=stream_format.media_type,
            headers={
                "X-Litetts-Voice": job.speaker.voice.name,
                "X-Litetts-Speed": f"{job.speaker.speed:g}",
                # Proxies (nginx) must pass the stream on as it comes.
                "X-Accel-Buffering": "no",
                "Cache-Control": "no-store",
            },
        )

    return app


def _model_card(name: str, created: int) -> dict:
    return {"id": name, "object": "model", "created": created, "owned_by": "litetts"}
