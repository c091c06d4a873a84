"""A real `litetts serve` app on 127.0.0.1 (uvicorn in a thread, a free port), the real
model, and the official ``openai`` client pointed at it.

Every server shares the session's one engine (a second would only load the same model
again) and a private store: the installed model and voices, with its own cache and
custom voices folder.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import numpy as np
import pytest
import uvicorn
from openai import OpenAI

from litetts_cli.config import Settings
from litetts_cli.encode.ffmpeg import decode_audio
from litetts_cli.serve.app import create_app
from litetts_cli.serve.options import ServeOptions

SAMPLE_RATE = 24_000
SUFFIXES = {"mp3": "mp3", "opus": "ogg", "aac": "aac", "flac": "flac", "wav": "wav"}


@pytest.fixture(scope="session")
def serve_settings(installed_settings: Settings, tmp_path_factory) -> Settings:
    home = tmp_path_factory.mktemp("serve-home")
    (home / "models").symlink_to(installed_settings.models_dir, target_is_directory=True)
    (home / "voices").symlink_to(installed_settings.voices_dir, target_is_directory=True)
    return replace(installed_settings, home=home, cache_dir=home / "cache", extra={})


@contextmanager
def running(app) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1; yields its base URL, stops it after."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        assert not thread.is_alive(), "the test server did not stop"


@pytest.fixture()
def make_server(serve_settings, engine):
    """Start a server with the given :class:`ServeOptions` fields; stopped after the test."""
    with ExitStack() as stack:

        def start(**options) -> str:
            app = create_app(serve_settings, ServeOptions(**options), engines=[engine])
            return stack.enter_context(running(app))

        yield start


@pytest.fixture(scope="module")
def server_url(serve_settings, engine) -> Iterator[str]:
    """The module's server with default options."""
    with running(create_app(serve_settings, ServeOptions(), engines=[engine])) as url:
        yield url


def client_for(url: str, api_key: str = "unused", **kwargs) -> OpenAI:
    """The official client, without retries (an error must surface, not be retried)."""
    return OpenAI(base_url=f"{url}/v1", api_key=api_key, max_retries=0, timeout=300, **kwargs)


def decode(data: bytes, fmt: str, tmp_path: Path) -> np.ndarray:
    """Mono float32 at 24 kHz from a response body in ``fmt``."""
    if fmt == "pcm":
        return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
    path = tmp_path / f"response-{time.monotonic_ns()}.{SUFFIXES[fmt]}"
    path.write_bytes(data)
    return decode_audio(path, sample_rate=SAMPLE_RATE)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


_SAMPLE = re.compile(
    r'^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?P<labels>\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})?'
    r" (?P<value>[-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))$"
)


def parse_metrics(text: str) -> dict[str, float]:
    """Prometheus text format -> {'name{labels}': value}, failing on any malformed line
    and on samples of a family that was not declared with # TYPE."""
    declared: dict[str, str] = {}
    samples: dict[str, float] = {}
    for line in text.splitlines():
        if not line:
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            assert kind in ("counter", "gauge", "histogram", "summary", "untyped"), line
            declared[name] = kind
            continue
        if line.startswith("# HELP ") or line.startswith("#"):
            continue
        match = _SAMPLE.match(line)
        assert match, f"not a Prometheus sample line: {line!r}"
        name = match["name"]
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in declared else name
        assert family in declared, f"{name} has no # TYPE line"
        samples[name + (match["labels"] or "")] = float(match["value"].replace("Inf", "inf"))
    return samples


def metrics_of(url: str, api_key: str | None = None) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    response = httpx.get(f"{url}/metrics", headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return parse_metrics(response.text)


def active_requests(url: str) -> int:
    return httpx.get(f"{url}/health", timeout=30).json()["active"]
