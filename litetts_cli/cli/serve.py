"""`litetts serve`: an OpenAI-compatible speech server (FastAPI + uvicorn)."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Optional

import typer

from litetts_cli.cli import console
from litetts_cli.cli.common import settings_from
from litetts_cli.cli.options import Device, Lexicon, Model, NoCache, Threads, Voice
from litetts_cli.errors import UsageError

_LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 for every interface.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", "-p", help="Port to listen on; 0 picks a free one (printed at start).", min=0, max=65535)
    ] = 8880,
    api_key: Annotated[
        Optional[str],
        typer.Option(
            "--api-key", show_default=False,
            help="Require 'Authorization: Bearer KEY' on every route but /health [env: LITETTS_API_KEY].",
        ),
    ] = None,
    workers: Annotated[
        Optional[int],
        typer.Option("--workers", "-w", min=1, show_default=False,
                     help="Engines serving requests, each loaded once in its own thread [default: 1]."),
    ] = None,
    threads: Threads = None,
    device: Device = None,
    voice: Voice = None,
    model: Model = None,
    lexicon: Lexicon = None,
    max_input_chars: Annotated[
        int, typer.Option("--max-input-chars", min=1, help="Longest 'input' a request may send (OpenAI's limit is 4096).")
    ] = 4096,
    max_body_bytes: Annotated[
        Optional[int],
        typer.Option("--max-body-bytes", min=1024, show_default=False,
                     help="Largest request body [default: enough for --max-input-chars]."),
    ] = None,
    max_active: Annotated[
        int, typer.Option("--max-active", min=1, help="Requests synthesizing at once; more get 503 (retry later).")
    ] = 8,
    max_per_client: Annotated[
        int, typer.Option("--max-per-client", min=1, help="Requests one client address may have in progress; more get 429.")
    ] = 4,
    body_timeout: Annotated[
        float, typer.Option("--body-timeout", min=0.1, max=3600.0,
                            help="Seconds a client has to send its whole request body; slower gets 408.")
    ] = 10.0,
    no_cache: NoCache = False,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level: critical, error, warning, info, debug.")] = "info",
) -> None:
    """Serve OpenAI's speech API (POST /v1/audio/speech) for Open WebUI, the openai SDK, curl.

    \b
    Examples:
      litetts serve                                  # http://127.0.0.1:8880/v1
      litetts serve --host 0.0.0.0 --api-key s3cret  # reachable from the network
      curl http://127.0.0.1:8880/v1/audio/speech -H 'Content-Type: application/json' \\
        -d '{"model": "tts-1", "voice": "alloy", "input": "Hello there."}' -o hello.mp3

    \b
    Voices: Kokoro names (af_heart), blends (af_heart:0.6,bf_emma:0.4), saved custom
    voices, and OpenAI's names (alloy, nova, ...) mapped to Kokoro voices.
    Speed: OpenAI's 0.25-4.0 is accepted; Kokoro speaks 0.5-2.0, so speeds outside that
    are clamped to it.
    """
    if log_level.lower() not in _LOG_LEVELS:
        raise UsageError(f"unknown log level {log_level!r}", hint=f"use one of {', '.join(_LOG_LEVELS)}")
    try:
        import uvicorn

        from litetts_cli.serve.app import create_app
        from litetts_cli.serve.options import ServeOptions
    except ImportError as exc:
        raise UsageError(
            f"litetts serve needs FastAPI and uvicorn ({exc.name} is missing)",
            hint="install them with: pip install 'litetts[serve]'",
        ) from None

    settings = settings_from(ctx, voice=voice, model=model, threads=threads, workers=workers, lexicon=lexicon,
                             device=device, api_key=api_key)
    options = ServeOptions(
        api_key=settings.api_key or None,
        workers=settings.workers or 1,
        max_input_chars=max_input_chars,
        max_body_bytes=max_body_bytes,
        max_active=max_active,
        max_per_client=max_per_client,
        body_timeout_s=body_timeout,
        use_cache=not no_cache,
    )
    if options.api_key is None and not _is_loopback(host):
        console.warn(f"listening on {host} without --api-key: anyone who can reach port {port} can use it")
    app = create_app(settings, options)
    shown_host = f"[{host}]" if ":" in host else host
    console.note(
        f"litetts serve: http://{shown_host}:{port}/v1 (model {settings.model}, default voice "
        f"{settings.voice}, {options.workers} engine{'s' if options.workers > 1 else ''}"
        f"{', API key required' if options.api_key else ''})"
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), timeout_graceful_shutdown=5)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
