"""``POST /v1/audio/speech``: a request becomes a scheduled job whose audio streams back."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from litetts_cli.assemble import Stitcher
from litetts_cli.engine.chunking import Chunk
from litetts_cli.errors import LitettsError
from litetts_cli.serve.api_errors import ApiError, from_litetts_error
from litetts_cli.serve.formats import RESPONSE_FORMATS, encode_stream
from litetts_cli.serve.limits import read_body
from litetts_cli.serve.options import engine_speed
from litetts_cli.serve.scheduler import SchedulerFull, ServerStopping, SpeechJob
from litetts_cli.serve.speech_request import SpeechRequest, parse_speech_request
from litetts_cli.serve.state import ServerState, authorized, server_state
from litetts_cli.speech import Speaker

__all__ = ["router", "schedule", "check_format", "read_speech"]

router = APIRouter()


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


def prepare(state: ServerState, speech: SpeechRequest) -> tuple[Speaker, Iterator[Chunk]]:
    """Voice, normalizer and the first chunk (off the event loop): everything that
    can still be refused with a 400 before the audio starts."""
    try:
        voice = state.catalog.load(speech.voice)
    except LitettsError as exc:
        raise from_litetts_error(exc, "voice") from None
    speaker = Speaker(
        None, voice, engine_speed(speech.speed), normalize=state.catalog.normalizer(voice),
        cache=state.cache, model_id=state.model_id,
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


def check_format(state: ServerState, speech: SpeechRequest) -> None:
    if speech.response_format in state.unavailable:
        raise ApiError(
            400,
            f"response_format {speech.response_format} needs ffmpeg's {state.unavailable[speech.response_format]} "
            "encoder, which this server's ffmpeg lacks; ask for wav or pcm, or point IMAGEIO_FFMPEG_EXE "
            "at an ffmpeg that has it",
            param="response_format", code="unsupported_format",
        )


async def schedule(state: ServerState, speech: SpeechRequest, client: str, *, captions: bool = False) -> SpeechJob:
    """The request's job, queued; the client's slot is released if it cannot be.
    With ``captions`` the job collects its words' times (``SpeechJob.words``)."""
    options = state.options
    if not state.limiter.acquire(client):
        raise ApiError(
            429,
            f"this client already has {options.max_per_client} speech requests in progress; "
            "wait for one to finish",
            code="rate_limit_exceeded", headers={"Retry-After": "1"},
        )
    try:
        if not state.scheduler.has_room():
            raise SchedulerFull()
        speaker, chunks = await run_in_threadpool(prepare, state, speech)
        job = SpeechJob(speaker, chunks, Stitcher(profile=state.pauses), label=speaker.voice.name)
        if captions:
            job.words = []
        state.scheduler.submit(job)
    except SchedulerFull:
        state.limiter.release(client)
        raise ApiError(
            503,
            f"the server is busy: {options.max_active} requests are being synthesized; retry shortly",
            code="server_busy", headers={"Retry-After": "1"},
        ) from None
    except BaseException:
        state.limiter.release(client)
        raise
    return job


async def read_speech(request: Request, state: ServerState) -> tuple[SpeechRequest, str]:
    """The request's body checked (400 naming the field at fault) and who sent it."""
    body = await read_body(request, state.options.body_limit, state.options.body_timeout_s)
    speech = parse_speech_request(
        body, served_model=state.settings.model, default_voice=state.settings.voice,
        max_input_chars=state.options.max_input_chars,
    )
    check_format(state, speech)
    return speech, request.client.host if request.client else "unknown"


@router.post("/v1/audio/speech", dependencies=[Depends(authorized)])
async def create_speech(request: Request, state: ServerState = Depends(server_state)):
    started = time.perf_counter()
    speech, client = await read_speech(request, state)
    job = await schedule(state, speech, client)
    stream_format = RESPONSE_FORMATS[speech.response_format]
    metrics = state.metrics

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
        state.scheduler.cancel(job)  # a no-op for a job that ran to the end
        state.limiter.release(client)

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
