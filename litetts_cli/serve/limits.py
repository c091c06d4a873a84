"""Limits and safety: API key, body size, requests per client."""

from __future__ import annotations

import asyncio
import hmac
import threading

from fastapi import Request
from starlette.requests import ClientDisconnect

from litetts_cli.serve.api_errors import ApiError

__all__ = ["ClientLimiter", "check_api_key", "read_body"]


def check_api_key(request: Request, api_key: str | None) -> None:
    """Require ``Authorization: Bearer <api_key>`` when the server has a key.

    Raises:
        ApiError: 401 when the header is missing or holds another key.
    """
    if api_key is None:
        return
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401,
            "no API key: send the header 'Authorization: Bearer YOUR_KEY' "
            "(the openai client does this with api_key=...)",
            code="invalid_api_key",
            headers={"WWW-Authenticate": "Bearer"},
        )
    # Constant-time comparison, so response times do not leak the key.
    if not hmac.compare_digest(given.strip().encode("utf-8"), api_key.encode("utf-8")):
        raise ApiError(
            401,
            "incorrect API key: use the key the server was started with (--api-key or LITETTS_API_KEY)",
            code="invalid_api_key",
            headers={"WWW-Authenticate": "Bearer"},
        )


async def read_body(request: Request, limit: int, timeout_s: float = 10.0) -> bytes:
    """The request body, refused with 413 once it passes ``limit`` bytes, and with 408
    when it has not all arrived within ``timeout_s`` seconds.

    A declared Content-Length is checked before anything is read; a chunked body is
    counted as it arrives, so an endless one is cut off too, and a slow one (a byte
    every few seconds) cannot hold the connection for ever.
    """
    too_large = ApiError(
        413,
        f"request body is larger than {limit} bytes; send less text per request "
        "(split long text into several requests)",
        code="request_too_large",
    )
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise too_large
        except ValueError:
            raise ApiError(400, "Content-Length is not a number", code="invalid_request") from None
    received = bytearray()
    try:
        async with asyncio.timeout(timeout_s):
            async for part in request.stream():
                received += part
                if len(received) > limit:
                    raise too_large
    except TimeoutError:
        raise ApiError(
            408, f"the request body did not arrive within {timeout_s:g} s; send the whole body at once",
            code="request_timeout",
        ) from None
    except ClientDisconnect:
        raise ApiError(400, "the client went away before sending the whole body", code="client_disconnected") from None
    return bytes(received)


class ClientLimiter:
    """Counts requests in progress per client address."""

    def __init__(self, per_client: int):
        self.per_client = per_client
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def acquire(self, client: str) -> bool:
        """Take a slot for ``client``; False when it already has ``per_client``."""
        with self._lock:
            count = self._counts.get(client, 0)
            if count >= self.per_client:
                return False
            self._counts[client] = count + 1
            return True

    def release(self, client: str) -> None:
        with self._lock:
            count = self._counts.get(client, 0) - 1
            if count > 0:
                self._counts[client] = count
            else:
                self._counts.pop(client, None)

    def in_use(self, client: str) -> int:
        with self._lock:
            return self._counts.get(client, 0)
