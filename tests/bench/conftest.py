"""One real benchmark run (two sentences, 1x1 and 2x1, peer and quality on), shared by the
report and runner tests; and a hand-made report for tests that need exact values."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from litetts_cli.bench.runner import first_audio_share

from litetts_cli.bench.recipe import parse_recipe
from litetts_cli.bench.runner import RunOptions, run_benchmark

TWO_SENTENCES = "The lighthouse keeper climbed the stairs at dusk. Below him, the grey sea folded against the rocks."


@pytest.fixture(scope="session")
def real_run(installed_settings, tmp_path_factory):
    """(report, progress calls) of a tiny real run: timing is never asserted on it."""
    settings = replace(installed_settings, cache_dir=tmp_path_factory.mktemp("cache"))
    recipe = parse_recipe({
        "name": "tiny", "texts": [TWO_SENTENCES], "voices": ["af_heart"],
        "configurations": ["1x1", "2x1"], "repetitions": 1, "warmup": 0,
    })
    calls = []
    report = run_benchmark(recipe, settings, RunOptions(peer="kokoro-onnx", quality=True),
                           progress=lambda *args: calls.append(args))
    return report, calls


def _stats(median, low=None, high=None):
    low = median if low is None else low
    high = median if high is None else high
    return {"median": median, "min": low, "max": high, "stdev": 0.0, "values": [low, median, high]}


def _case(model, voice, layout, rtf, peer_rtf=None):
    workers, threads = (int(x) for x in layout.split("x"))
    case = {
        "id": f"{model} / {voice} / {layout}", "model": model, "voice": voice, "layout": layout,
        "workers": workers, "threads": threads, "graph_optimization": "all", "spin": True,
        "memory_pattern": False, "characters": 700, "chunks": 6, "audio_seconds": 48.0,
        "wall_seconds": _stats(rtf * 48.0), "real_time_factor": _stats(rtf, rtf * 0.9, rtf * 1.1),
        "chars_per_second": _stats(700 / (rtf * 48.0)),
        "load_seconds": {"per_worker": [0.8] * workers, "max": 0.8},
        "peak_rss_mb": {"per_worker": [300.0] * workers, "total": 300.0 * workers},
        "rss_growth_mb": 4.5, "background_cpu_share": 0.02,
        "cache": {"enabled": False, "hits": 0, "misses": 0, "hit_rate": None},
        "time_to_first_audio_seconds": _stats(2.5, 2.4, 2.7),
        "peer": None, "speed_vs_peer": None,
        "memory_timeline": {"seconds": [0.0, 1.0, 2.0, 3.0], "rss_mb": [50.0, 280.0, 300.0, 299.0],
                           "marks": {"loaded": 1.0, "measured": 1.5}},
    }
    if peer_rtf:
        case["peer"] = {"name": "kokoro-onnx", "version": "0.5.0", "threads": workers * threads,
                        "load_seconds": 1.0, "real_time_factor": _stats(peer_rtf),
                        "wall_seconds": _stats(peer_rtf * 48.0),
                        "chars_per_second": _stats(10.0), "peak_rss_mb": 400.0}
        case["speed_vs_peer"] = round(peer_rtf / rtf, 3)
        case["first_audio_vs_peer_whole"] = first_audio_share(case, case["peer"])
    return case


@pytest.fixture()
def made_report() -> dict:
    return make_report()


def make_report() -> dict:
    """A report with known numbers: two models, one voice, two layouts, a peer, quality."""
    return copy.deepcopy({
        "schema": "litetts-benchmark/1",
        "recipe": {"name": "made", "description": "hand-made", "texts": [{"label": "a", "characters": 700}],
                   "layouts": ["1x2", "2x1"], "repetitions": 3, "warmup": 1, "cache": False},
        "machine": {"cpu_model": "Test CPU @ 2.30GHz", "logical_cores": 2, "physical_cores": 1, "usable_cores": 2,
                    "memory_mb": 24000, "platform": "Linux", "python": "3.11.7", "onnxruntime": "1.31.1",
                    "numpy": "2.4.6", "litetts": "0.1.0", "date": "2026-01-01T00:00:00+00:00",
                    "model_sha256": {"m-int8": "ab" * 32, "m-fp32": "cd" * 32}},
        "options": {"peer": "kokoro-onnx", "quality": True},
        "cases": [
            _case("m-int8", "af_heart", "1x2", 0.50, peer_rtf=0.60),
            _case("m-int8", "af_heart", "2x1", 0.40, peer_rtf=0.60),
            _case("m-fp32", "af_heart", "1x2", 0.90),
        ],
        "quality": [
            {"model": "m-int8", "voice": "af_heart", "reference_model": "m-fp32", "word_error_rate": 0.05,
             "mel_cepstral_distortion_db": 3.21, "log_mel_l1": 0.456, "texts": []},
            {"model": "m-fp32", "voice": "af_heart", "reference_model": "m-fp32", "word_error_rate": 0.0,
             "mel_cepstral_distortion_db": None, "log_mel_l1": None, "texts": []},
        ],
    })
