"""A real run with the real model: structure and sanity of what it measured, never speed."""

import onnxruntime
import pytest

from litetts_cli import __version__
from litetts_cli.bench.runner import SCHEMA
from litetts_cli.config import DEFAULT_MODEL
from litetts_cli.host import cpu_features
from litetts_cli.store.models import model_dir, read_meta
from tests.bench.conftest import TWO_SENTENCES


def cases(real_run):
    report, _ = real_run
    return {case["layout"]: case for case in report["cases"]}


def test_machine_facts_are_recorded(real_run, installed_settings):
    report, _ = real_run
    machine = report["machine"]
    assert report["schema"] == SCHEMA
    assert machine["cpu_model"] and machine["usable_cores"] >= 1
    assert machine["onnxruntime"] == onnxruntime.__version__
    assert machine["litetts"] == __version__
    default = read_meta(model_dir(installed_settings.models_dir, DEFAULT_MODEL))
    assert machine["model_sha256"] == {DEFAULT_MODEL: default.sha256}
    assert machine["date"][:2] == "20"
    # The ISA the numbers were measured with (issue 12): avx2 / avx512 / vnni / amx / neon.
    assert machine["cpu_features"] == cpu_features()
    assert {"avx2", "avx512f", "avx512_vnni", "amx", "neon", "asimddp"} <= set(machine["cpu_features"])


def test_every_layout_is_measured(real_run):
    by_layout = cases(real_run)
    assert sorted(by_layout) == ["1x1", "2x1"]
    for layout, case in by_layout.items():
        assert case["id"] == f"{DEFAULT_MODEL} / af_heart / {layout}"
        assert case["characters"] == len(TWO_SENTENCES)
        assert case["chunks"] == 2  # the first sentence alone, for a quick first audio
        # Two sentences last a few seconds, whatever the layout.
        assert 3.0 < case["audio_seconds"] < 15.0
        rtf, wall = case["real_time_factor"]["median"], case["wall_seconds"]["median"]
        assert rtf == pytest.approx(wall / case["audio_seconds"], rel=1e-3)
        assert case["chars_per_second"]["median"] == pytest.approx(len(TWO_SENTENCES) / wall, rel=1e-2)
        assert len(case["load_seconds"]["per_worker"]) == case["workers"]
        assert all(s > 0 for s in case["load_seconds"]["per_worker"])
    assert by_layout["1x1"]["audio_seconds"] == pytest.approx(by_layout["2x1"]["audio_seconds"], rel=0.02)


def test_memory_per_worker_and_over_time(real_run):
    for case in cases(real_run).values():
        peaks = case["peak_rss_mb"]["per_worker"]
        assert len(peaks) == case["workers"]
        # An engine holding the 88 MB int8 model is well past 100 MB resident.
        assert all(100 < p < 4000 for p in peaks)
        assert case["peak_rss_mb"]["total"] > 100 * case["workers"]
        timeline = case["memory_timeline"]
        assert len(timeline["seconds"]) == len(timeline["rss_mb"]) >= 2
        assert timeline["marks"]["loaded"] <= timeline["marks"]["measured"]
        # Sampling starts before the workers do, so the model load is on the timeline.
        assert timeline["rss_mb"][0] < 0.8 * case["peak_rss_mb"]["total"]
        assert isinstance(case["rss_growth_mb"], float)


def test_how_busy_the_machine_was_is_recorded(real_run):
    for case in cases(real_run).values():
        assert 0.0 <= case["background_cpu_share"] <= 1.0
        assert 0.0 <= case["peer"]["background_cpu_share"] <= 1.0


def test_the_cache_is_bypassed_unless_asked(real_run):
    for case in cases(real_run).values():
        assert case["cache"] == {"enabled": False, "hits": 0, "misses": 0, "hit_rate": None}


def test_time_to_first_audio_is_timed_per_thread_count(real_run):
    by_layout = cases(real_run)
    first = by_layout["1x1"]["time_to_first_audio_seconds"]
    assert first["median"] > 0 and len(first["values"]) == 1
    assert by_layout["2x1"]["time_to_first_audio_seconds"] == first  # both run synth with 1 thread


def test_peer_gets_the_same_cores_and_a_ratio(real_run):
    for case in cases(real_run).values():
        peer = case["peer"]
        assert peer["name"] == "kokoro-onnx" and peer["version"]
        assert peer["threads"] == case["workers"] * case["threads"]
        assert case["speed_vs_peer"] == pytest.approx(
            peer["real_time_factor"]["median"] / case["real_time_factor"]["median"], rel=1e-2
        )


def test_quality_of_the_only_model(real_run):
    report, _ = real_run
    (row,) = report["quality"]
    assert (row["model"], row["voice"], row["reference_model"]) == (DEFAULT_MODEL, "af_heart", DEFAULT_MODEL)
    assert row["word_error_rate"] <= 0.2, row["texts"]
    assert row["mel_cepstral_distortion_db"] is None  # it is the reference
    assert "lighthouse" in row["texts"][0]["transcript"].lower()


def test_progress_reaches_its_total(real_run):
    _, calls = real_run
    totals = {total for _, _, total in calls}
    assert len(totals) == 1
    assert [done for _, done, _ in calls] == list(range(1, totals.pop() + 1))


def test_first_audio_is_reported_as_a_share_of_the_peers_whole_passage(real_run):
    """Issue 12: streamed first audio against the peer's time for the whole passage."""
    for case in cases(real_run).values():
        expected = case["time_to_first_audio_seconds"]["median"] / case["peer"]["wall_seconds"]["median"]
        assert case["first_audio_vs_peer_whole"] == pytest.approx(expected, abs=1e-4)
        assert 0 < case["first_audio_vs_peer_whole"] < 10
