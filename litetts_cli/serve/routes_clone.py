"""Custom voices over HTTP: ``POST /v1/voices`` (multipart: ``name``, one or more
``file`` clips, optional ``time_budget`` seconds) fits a clone and answers when it is
saved; ``GET /v1/voices`` lists custom voices; ``DELETE /v1/voices/{id}`` removes one.

The API key and a body limit (``max_upload_bytes``) apply as on every other route.
"""

from __future__ import annotations

import math

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from litetts_cli.errors import CloneInputError, LitettsError, UsageError, VoiceNotFound
from litetts_cli.serve.api_errors import ApiError, from_litetts_error
from litetts_cli.serve.limits import read_body
from litetts_cli.serve.state import ServerState, authorized, server_state

__all__ = ["router"]

router = APIRouter(dependencies=[Depends(authorized)])


def _card(name: str, meta: dict) -> dict:
    keep = ("language", "kind", "method", "score", "blend", "nearest_stock", "clips", "created", "fit_seconds")
    return {"id": name, "object": "voice", **{k: meta[k] for k in keep if k in meta}}


@router.get("/v1/voices")
async def list_custom(state: ServerState = Depends(server_state)) -> dict:
    custom = await run_in_threadpool(state.catalog.library.custom)
    return {"object": "list", "data": [_card(n, m) for n, m in custom.items()]}


@router.delete("/v1/voices/{voice_id}")
async def delete_custom(voice_id: str, state: ServerState = Depends(server_state)) -> dict:
    try:
        await run_in_threadpool(state.catalog.forget, voice_id)
    except VoiceNotFound as exc:
        raise ApiError(404, exc.one_line(), code="voice_not_found", param="voice_id") from None
    return {"id": voice_id, "object": "voice", "deleted": True}


@router.post("/v1/voices")
async def create_custom(request: Request, state: ServerState = Depends(server_state)) -> dict:
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ApiError(400, "send multipart/form-data with a 'name' field and one or more 'file' clips",
                       code="invalid_request")
    request._body = await read_body(request, state.options.max_upload_bytes, state.options.body_timeout_s)
    form = await request.form(max_files=16, max_fields=8, max_part_size=state.options.max_upload_bytes)
    name = str(form.get("name") or "").strip()
    uploads = [f for f in form.getlist("file") if hasattr(f, "read")]
    if not name or not uploads:
        raise ApiError(400, "a voice needs a 'name' field and at least one 'file' clip", code="invalid_request")
    budget = _budget(form.get("time_budget"), state.options.clone_time_budget_s)
    clips = [(await f.read(), f.filename or "clip") for f in uploads]
    try:
        voice, result = await run_in_threadpool(_clone, state, name, clips, budget)
    except CloneInputError as exc:
        raise ApiError(400, exc.one_line(), code="invalid_audio", param="file") from None
    except LitettsError as exc:
        raise from_litetts_error(exc, "name") from None
    return _card(voice.name, state.catalog.library.custom()[voice.name])


def _budget(raw, limit: float) -> float:
    if raw is None or raw == "":
        return limit
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 10:
        raise ApiError(400, "time_budget must be a number of seconds, 10 or more", code="invalid_value",
                       param="time_budget")
    return min(value, limit)


def _clone(state: ServerState, name: str, clips: list[tuple[bytes, str]], budget: float):
    from litetts_cli.clone.clips import clip_from_bytes
    from litetts_cli.clone.fit import FitOptions
    from litetts_cli.clone.service import clone_voice
    from litetts_cli.engine.voices import check_new_name

    check_new_name(name)
    if name in state.catalog.library.custom():
        raise UsageError(f"a voice named {name} exists", hint=f"DELETE /v1/voices/{name} first, or pick another name")
    read = [clip_from_bytes(data, filename) for data, filename in clips]
    voice, result = clone_voice(name, read, state.catalog.library, state.scheduler.engines[0], state.settings.models_dir,
                                FitOptions(time_budget_s=budget))
    state.catalog.forget_cached(name)
    return voice, result
