"""Routes that describe the server: health, metrics, models and voices."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from litetts_cli import __version__
from litetts_cli.serve.api_errors import ApiError
from litetts_cli.serve.state import ServerState, authorized, server_state

__all__ = ["router"]

router = APIRouter()
guarded = [Depends(authorized)]


@router.get("/health")
async def health(state: ServerState = Depends(server_state)) -> dict:
    scheduler = state.scheduler
    return {
        "status": "ok" if scheduler.has_room() else "busy",
        "model": state.settings.model,
        "engines": state.engines,
        "active": scheduler.active,
        "queue_depth": scheduler.queue_depth,
        "version": __version__,
    }


@router.get("/metrics", dependencies=guarded)
async def prometheus(state: ServerState = Depends(server_state)) -> PlainTextResponse:
    return PlainTextResponse(state.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")


@router.get("/v1/models", dependencies=guarded)
async def list_models(state: ServerState = Depends(server_state)) -> dict:
    return {"object": "list", "data": [_model_card(name, state.created) for name in state.model_names]}


@router.get("/v1/models/{name}", dependencies=guarded)
async def get_model(name: str, state: ServerState = Depends(server_state)) -> dict:
    if name not in state.model_names:
        raise ApiError(404, f"no model {name!r}; see GET /v1/models", code="model_not_found", param="model")
    return _model_card(name, state.created)


@router.get("/v1/audio/models", dependencies=guarded)
async def audio_models(state: ServerState = Depends(server_state)) -> dict:
    return {"models": [{"id": name, "name": name} for name in state.model_names]}


@router.get("/v1/audio/voices", dependencies=guarded)
async def list_voices(state: ServerState = Depends(server_state)) -> dict:
    return {"voices": await run_in_threadpool(state.catalog.listing)}


def _model_card(name: str, created: int) -> dict:
    return {"id": name, "object": "model", "created": created, "owned_by": "litetts"}
