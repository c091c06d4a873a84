"""The saved optimized graph (issue 12): made once, loaded after, same audio, never stale."""

import os

import numpy as np
import pytest

from litetts_cli.engine.engine import Engine, EngineOptions
from litetts_cli.engine.graph_cache import GraphCache, graph_key
from litetts_cli.speech import load_voice, model_path

FEATURES = {"avx2": True, "avx512f": False}


@pytest.mark.parametrize(
    "change",
    [
        {"model_sha256": "other"},
        {"level": "extended"},
        {"ort_version": "9.9.9"},
        {"features": {"avx2": True, "avx512f": True}},
    ],
    ids=["model", "level", "onnxruntime", "cpu"],
)
def test_the_key_changes_with_everything_the_graph_depends_on(change):
    base = {"model_sha256": "abc", "level": "all", "ort_version": "1.31.1", "features": FEATURES}
    assert graph_key(**base) != graph_key(**{**base, **change})
    assert graph_key(**base) == graph_key(**dict(base))


def test_commit_publishes_the_graph_and_drops_stale_ones(tmp_path):
    cache = GraphCache(tmp_path, "abc")
    stale = GraphCache(tmp_path, "older model").path_for("all", "1.0", FEATURES)
    unnamed = tmp_path / f"{'0' * 20}.optimized.onnx"  # named before graphs carried their CPU
    for old in (stale, unnamed):
        old.write_bytes(b"old graph")
    final = cache.path_for("all", "1.0", FEATURES)
    assert final.name != stale.name and final.name.split("-")[0] == stale.name.split("-")[0]
    tmp = cache.writing(final)
    tmp.write_bytes(b"graph")
    cache.commit(tmp, final)
    assert final.read_bytes() == b"graph"
    umask = os.umask(0)
    os.umask(umask)
    assert final.stat().st_mode & 0o777 == 0o666 & ~umask  # like any file the store writes, not owner-only
    assert sorted(p.name for p in tmp_path.iterdir()) == [final.name]


def test_another_cpus_graph_is_kept_beside_this_ones(tmp_path):
    """One store used as AVX2 (the ISA mask, another machine) and as AVX-512: each keeps its graph."""
    cache = GraphCache(tmp_path, "abc")
    graphs = {}
    for features in (FEATURES, {"avx2": True, "avx512f": True}, FEATURES):
        final = cache.path_for("all", "1.0", features)
        tmp = cache.writing(final)
        tmp.write_bytes(repr(features).encode())
        cache.commit(tmp, final)
        graphs[final.name] = final.read_bytes()
    assert len(graphs) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(graphs)


def test_an_empty_write_is_not_published(tmp_path):
    cache = GraphCache(tmp_path, "abc")
    final = cache.path_for("all", "1.0", FEATURES)
    cache.commit(cache.writing(final), final)
    assert list(tmp_path.iterdir()) == []


def test_second_load_uses_the_saved_graph_with_identical_audio(installed_settings, tmp_path):
    path = model_path(installed_settings)
    cache = GraphCache(tmp_path / "optimized", "sha-of-test")
    options = EngineOptions(threads=1, graph_cache=cache)
    first = Engine(path, options)
    saved = list((tmp_path / "optimized").glob("*.optimized.onnx"))
    assert not first.loaded_saved_graph and len(saved) == 1
    second = Engine(path, options)
    assert second.loaded_saved_graph
    style = load_voice(installed_settings, "af_heart").style_for(40)
    ids = list(range(16, 56))
    np.testing.assert_array_equal(first.synthesize(ids, style), second.synthesize(ids, style))

    saved[0].write_bytes(b"not a graph")  # a damaged cache entry is rebuilt, not an error
    third = Engine(path, options)
    assert not third.loaded_saved_graph and not saved[0].exists()
    assert third.synthesize(ids, style).shape == first.synthesize(ids, style).shape


def test_a_cache_folder_that_cannot_be_made_still_loads(installed_settings, tmp_path):
    blocker = tmp_path / "store-is-a-file"
    blocker.write_text("")
    options = EngineOptions(threads=1, graph_cache=GraphCache(blocker / "optimized", "x"))
    engine = Engine(model_path(installed_settings), options)
    assert not engine.loaded_saved_graph and blocker.is_file()
