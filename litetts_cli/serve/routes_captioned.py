"""``POST /dev/captioned_speech``: the audio and when each word is spoken, in one JSON answer.

The body is the one ``/v1/audio/speech`` takes. The answer has the shape of
Kokoro-FastAPI's captioned speech (not streamed): ``audio`` (the whole file in
``response_format``, base64), ``audio_format`` and ``timestamps``, a list of
``{"word", "start_time", "end_time"}`` in seconds, timed by the model's own durations
after trimming and pauses. A model without durations (the bundled unconverted one)
gives an empty list and ``"timing": "none"``.
"""

from __future__ import annotations

import base64

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from litetts_cli import SAMPLE_RATE
from litetts_cli.encode.stream_sink import wav_header
from litetts_cli.serve.formats import RESPONSE_FORMATS, encode_stream
from litetts_cli.serve.routes_speech import read_speech, schedule
from litetts_cli.serve.state import ServerState, authorized, server_state

__all__ = ["router"]

router = APIRouter()


@router.post("/dev/captioned_speech", dependencies=[Depends(authorized)])
async def captioned_speech(request: Request, state: ServerState = Depends(server_state)):
    speech, client = await read_speech(request, state)
    job = await schedule(state, speech, client, captions=True)
    try:
        audio = b"".join([data async for data in encode_stream(job.pcm(), RESPONSE_FORMATS[speech.response_format])])
    finally:
        state.scheduler.cancel(job)  # a no-op for a job that ran to the end
        state.limiter.release(client)
    if speech.response_format == "wav":  # a whole file: its header can say its size
        audio = wav_header(SAMPLE_RATE, len(audio) - 44) + audio[44:]
    words = job.words or []
    return JSONResponse({
        "audio": base64.b64encode(audio).decode("ascii"),
        "audio_format": speech.response_format,
        "timing": "exact" if words else "none",
        "timestamps": [{"word": w, "start_time": round(a, 3), "end_time": round(b, 3)} for w, a, b in words],
    }, headers={"X-Litetts-Voice": job.speaker.voice.name, "Cache-Control": "no-store"})
