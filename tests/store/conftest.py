"""A local HTTP file server standing in for the model hubs, which tests cannot reach."""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Iterator

import pytest

PAYLOAD = bytes(range(256)) * 24 + b"kokoro"
"""A few KB of fake model bytes, not a multiple of any block size."""
PAYLOAD_SHA256 = hashlib.sha256(PAYLOAD).hexdigest()
MODEL_PATH = "/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main/onnx/model.onnx"

MAX_REQUESTS = 20
"""A test that makes more requests than this is looping; the server answers 429."""


@dataclass
class Seen:
    """One request as the server saw it, and how many body bytes it sent back."""

    path: str
    range: str | None
    status: int = 0
    sent: int = 0


@dataclass
class FileServer:
    """Behaviour knobs and a log of requests, read by the handler and the tests."""

    url: str = ""
    """``http://127.0.0.1:PORT``, no trailing slash."""
    payload: bytes = PAYLOAD
    sha256: str = PAYLOAD_SHA256
    path: str = MODEL_PATH
    """Where :attr:`payload` is served: the hub path of the fp32 onnx-community file."""
    files: dict[str, bytes] = field(default_factory=dict)
    honor_range: bool = True
    status: dict[str, int] = field(default_factory=dict)
    """Path -> error status to answer instead of the file."""
    redirects: dict[str, str] = field(default_factory=dict)
    """Path -> path to answer 302 with, as the hubs do to their storage hosts."""
    range_from_zero: bool = False
    """Answer any Range request with 206 from byte 0: a server that gets ranges wrong."""
    cut_after: int | None = None
    """Announce the full length but hang up after this many body bytes (once)."""
    stall: bool = False
    """Accept the request and never answer, for client timeouts."""
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url_for(self, path: str | None = None) -> str:
        return self.url + (path or self.path)


class _Handler(BaseHTTPRequestHandler):
    timeout = 10  # a client that stops talking cannot hold the server thread forever
    state: FileServer

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        state = self.server.state  # type: ignore[attr-defined]
        seen = Seen(self.path, self.headers.get("Range"))
        state.seen.append(seen)
        if len(state.seen) > MAX_REQUESTS:
            return self._error(seen, 429)
        if state.stall:
            state.release.wait(10)
            return
        if self.path in state.status:
            return self._error(seen, state.status[self.path])
        if self.path in state.redirects:
            seen.status = 302
            self.send_response(302)
            self.send_header("Location", state.url + state.redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = state.files.get(self.path)
        if data is None:
            return self._error(seen, 404)

        start = 0
        match = re.fullmatch(r"bytes=(\d+)-", seen.range or "")
        if match and state.honor_range:
            start = 0 if state.range_from_zero else int(match.group(1))
            if start >= len(data):
                seen.status = 416
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            seen.status = 206
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            seen.status = 200
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if state.cut_after is not None:
            body, state.cut_after = body[: state.cut_after], None
        # Logged before writing: the client may check the log as soon as it has the body.
        seen.sent = len(body)
        self.wfile.write(body)

    def _error(self, seen: Seen, code: int) -> None:
        seen.status = code
        self.send_error(code)


@pytest.fixture
def file_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FileServer]:
    """A threaded HTTP server on 127.0.0.1 (random port) serving :data:`PAYLOAD`."""
    # A proxy from the environment must not swallow requests to the local server.
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    state = FileServer(files={MODEL_PATH: PAYLOAD})
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    server.state = state  # type: ignore[attr-defined]
    state.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
