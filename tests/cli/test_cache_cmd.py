"""`litetts cache` and the cache it manages: sizes, LRU pruning, corruption, concurrency, JSON."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from litetts_cli.cli import cache as cache_cli
from litetts_cli.cli.app import root
from litetts_cli.config import resolve
from litetts_cli.errors import UsageError
from litetts_cli.speech import running_model
from litetts_cli.store.cache import AudioCache, chunk_key


def make_app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(root)
    app.add_typer(cache_cli.app, name="cache")
    return app


def invoke(*args: str, input: str | None = None):
    result = CliRunner().invoke(make_app(), list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def tone(seconds: float = 0.2, pitch: float = 220.0) -> np.ndarray:
    t = np.arange(int(24_000 * seconds)) / 24_000
    return (0.3 * np.sin(2 * np.pi * pitch * t)).astype(np.float32)


def key(n: int) -> str:
    return chunk_key("model", "voice", 1.0, f"phonemes {n}")


# -- sizes ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, size",
    [("500M", 500 << 20), ("2G", 2 << 30), ("1.5GB", int(1.5 * (1 << 30))), ("800KiB", 800 << 10),
     ("1024", 1024), ("0", 0), ("2 g", 2 << 30), ("5B", 5), ("1t", 1 << 40), ("10mb", 10 << 20)],
)
def test_size_parsing(text, size):
    assert cache_cli.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "big", "-1G", "2X", "1.2.3M", "G", "5 iB"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(UsageError, match="is not a size"):
        cache_cli.parse_size(text)


@pytest.mark.parametrize("size, text", [(0, "0 B"), (1023, "1023 B"), (1536, "1.5 KiB"), (5 << 20, "5.0 MiB"), (3 << 30, "3.0 GiB")])
def test_size_formatting(size, text):
    assert cache_cli.format_size(size) == text


# -- the cache itself -------------------------------------------------------------------
def test_prune_removes_least_recently_used_first(tmp_path):
    cache = AudioCache(tmp_path)
    for n in range(4):
        cache.put(key(n), tone())
    entry = cache._path(key(0)).stat().st_size
    now = time.time()
    for n in range(4):  # written oldest first: 0, 1, 2, 3
        os.utime(cache._path(key(n)), (now - 1000 + n * 100, now - 1000 + n * 100))
    assert cache.get(key(0)) is not None  # reading 0 makes it the most recently used
    removed, freed = cache.prune(2 * entry)
    assert (removed, freed) == (2, 2 * entry)
    assert [n for n in range(4) if cache._path(key(n)).exists()] == [0, 3]


def test_entries_round_trip_at_16_bit_precision(tmp_path):
    cache = AudioCache(tmp_path)
    audio = tone()
    cache.put(key(1), audio, model="m", voice="af_heart")
    back = cache.get(key(1))
    assert back.dtype == np.float32 and len(back) == len(audio)
    assert np.max(np.abs(back - audio)) < 1 / 32767 + 1e-6


@pytest.mark.parametrize(
    "stored, read_back",
    [
        ("exact", "exact"),  # word timing survives the cache, so a rerun's subtitles stay exact
        (None, None),  # a model without durations (the bundled file): none come back
        ("one short", None),  # durations that do not add up to the audio are not trusted
    ],
)
def test_entries_keep_the_samples_each_token_lasts(tmp_path, stored, read_back):
    cache = AudioCache(tmp_path)
    audio = tone()
    exact = np.array([600] * (len(audio) // 600) + [len(audio) % 600], dtype=np.int64)
    given = {"exact": exact, "one short": exact - np.eye(1, len(exact), 0, dtype=np.int64)[0], None: None}[stored]
    cache.put(key(2), audio, durations=given)
    back, timing = cache.get_timed(key(2))
    assert back is not None and len(back) == len(audio)
    if read_back is None:
        assert timing is None
    else:
        assert np.array_equal(timing, exact)


def _damage_truncate(data: bytes) -> bytes:
    return data[: len(data) - 7]


def _damage_flip_payload(data: bytes) -> bytes:
    index = len(data) - 100
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def _damage_flip_header(data: bytes) -> bytes:
    index = data.index(b'"samples"') + 12
    return data[:index] + bytes([data[index] ^ 0x04]) + data[index + 1 :]


def _damage_magic(data: bytes) -> bytes:
    return b"XXXX" + data[4:]


def _damage_empty(data: bytes) -> bytes:
    return b""


@pytest.mark.parametrize("damage", [_damage_truncate, _damage_flip_payload, _damage_flip_header, _damage_magic, _damage_empty])
def test_a_damaged_entry_is_never_served_and_is_removed(tmp_path, damage):
    cache = AudioCache(tmp_path)
    cache.put(key(1), tone())
    path = cache._path(key(1))
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(key(1)) is None
    assert not path.exists()
    assert (cache.corrupt, cache.misses, cache.hits) == (1, 1, 0)
    cache.put(key(1), tone())  # and the next render writes it again
    assert cache.get(key(1)) is not None


def _writer(root: str, backwards: bool, rounds: int) -> None:
    cache = AudioCache(Path(root))
    order = list(range(8))[:: -1 if backwards else 1]  # two orders: more collisions
    for _ in range(rounds):
        for n in order:
            cache.put(key(n), tone(0.1 + 0.02 * n, 200 + 10 * n))


def test_concurrent_writers_never_produce_a_bad_read(tmp_path):
    expected = {n: AudioCache._decode(_encoded(tmp_path, n))[0] for n in range(8)}
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_writer, args=(str(tmp_path / "shared"), b, 150)) for b in (False, True)]
    for w in writers:
        w.start()
    reader = AudioCache(tmp_path / "shared")
    reads = 0
    while any(w.is_alive() for w in writers):
        for n in range(8):
            audio = reader.get(key(n))
            if audio is not None:
                reads += 1
                assert np.array_equal(audio, expected[n])
    for w in writers:
        w.join()
        assert w.exitcode == 0
    assert reads > 0  # the reader really did run while the writers wrote
    assert reader.corrupt == 0
    assert all(np.array_equal(reader.get(key(n)), expected[n]) for n in range(8))
    assert not list((tmp_path / "shared").rglob("*.tmp"))


def _encoded(tmp_path: Path, n: int) -> bytes:
    scratch = AudioCache(tmp_path / "expected")
    scratch.put(key(n), tone(0.1 + 0.02 * n, 200 + 10 * n))
    return scratch._path(key(n)).read_bytes()


# -- the commands -----------------------------------------------------------------------
def filled_cache(root: Path) -> AudioCache:
    cache = AudioCache(root)
    for n in range(3):
        cache.put(key(n), tone(), model="6e742170d309016e", voice="af_heart")
    cache.put(key(9), tone(), model="0123456789abcdef", voice="bf_emma")
    # File times tick coarsely (a few ms); give the writes distinct, older times.
    for age, n in enumerate((9, 2, 1, 0)):
        os.utime(cache._path(key(n)), (time.time() - 100 * (age + 1),) * 2)
    cache.get(key(0))
    cache.get(key(1))
    cache.get(key(42))
    cache.record_counters()
    return cache


def test_stats_json(tmp_home, tmp_path):
    filled_cache(tmp_path / "c")
    result = invoke("cache", "stats", "--cache-dir", str(tmp_path / "c"), "--json")
    data = json.loads(result.stdout)
    assert data["cache_dir"] == str(tmp_path / "c")
    assert data["entries"] == 4 and data["bytes"] > 4 * 9600
    assert (data["hits"], data["misses"]) == (2, 1)
    assert data["hit_rate"] == pytest.approx(2 / 3)
    assert data["by_voice"] == {"af_heart": 3, "bf_emma": 1}
    # sha256 prefixes of installed models are shown by name
    assert data["by_model"] == {"kokoro-v1.0-int8": 3, "0123456789abcdef": 1}


def test_stats_text_and_the_cache_dir_from_the_environment(tmp_home, tmp_path, monkeypatch):
    filled_cache(tmp_path / "env-cache")
    monkeypatch.setenv("LITETTS_CACHE_DIR", str(tmp_path / "env-cache"))
    result = invoke("cache", "stats")
    assert f"{tmp_path / 'env-cache'}: 4 entries" in result.stdout
    assert "hit rate 66.7% (2 hits, 1 misses)" in result.stdout
    assert "voice af_heart" in result.stdout and "model kokoro-v1.0-int8" in result.stdout


def test_empty_cache_stats(tmp_home, tmp_path):
    data = json.loads(invoke("cache", "stats", "--cache-dir", str(tmp_path / "none"), "--json").stdout)
    assert (data["entries"], data["bytes"], data["hit_rate"]) == (0, 0, None)


def test_prune_json(tmp_home, tmp_path):
    cache = filled_cache(tmp_path / "c")  # entries 0 and 1 were read last
    sizes = {n: cache._path(key(n)).stat().st_size for n in (0, 1, 2, 9)}
    limit = sizes[0] + sizes[1]
    result = invoke("cache", "prune", "--max-size", str(limit), "--cache-dir", str(tmp_path / "c"), "--json")
    data = json.loads(result.stdout)
    assert (data["removed"], data["freed_bytes"]) == (2, sizes[2] + sizes[9])
    assert (data["entries"], data["bytes"], data["max_bytes"]) == (2, limit, limit)
    assert [n for n in sizes if cache._path(key(n)).exists()] == [0, 1]


def test_prune_refuses_a_bad_size(tmp_home, tmp_path):
    with pytest.raises(UsageError, match="'lots' is not a size"):
        invoke("cache", "prune", "--max-size", "lots", "--cache-dir", str(tmp_path))


def test_clear_json(tmp_home, tmp_path):
    filled_cache(tmp_path / "c")
    data = json.loads(invoke("cache", "clear", "--cache-dir", str(tmp_path / "c"), "--json").stdout)
    assert data["removed"] == 4 and data["freed_bytes"] > 0
    after = json.loads(invoke("cache", "stats", "--cache-dir", str(tmp_path / "c"), "--json").stdout)
    assert (after["entries"], after["hits"], after["misses"]) == (0, 0, 0)


def test_warm_fills_the_cache_with_the_real_model_then_finds_it_there(tmp_home, tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("Warm the cache with this sentence. And with this one, too.\n", "utf-8")
    root = tmp_path / "warm-cache"
    first = json.loads(invoke("cache", "warm", str(text), "--cache-dir", str(root), "--threads", "1", "--json").stdout)
    assert first["chunks"] == 2
    assert (first["already_cached"], first["synthesized"]) == (0, 2)
    assert 2.0 < first["audio_seconds"] < 10.0
    second = json.loads(invoke("cache", "warm", str(text), "--cache-dir", str(root), "--threads", "1", "--json").stdout)
    assert (second["already_cached"], second["synthesized"]) == (2, 0)
    assert second["audio_seconds"] == pytest.approx(first["audio_seconds"], abs=1e-3)
    stats = json.loads(invoke("cache", "stats", "--cache-dir", str(root), "--json").stdout)
    assert stats["entries"] == 2 and stats["by_voice"] == {"af_heart": 2}
    # The model this CPU runs by default (its measured choice: int8-gemm or int8-rows).
    assert stats["by_model"] == {running_model(resolve({})): 2}
    assert stats["hit_rate"] is None  # warming is not use
