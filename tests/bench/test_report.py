import json

import numpy as np
import pytest

from litetts_cli.bench.charts import MEMORY_CHART, RTF_CHART, TTFA_CHART, case_labels
from litetts_cli.bench.compare import compare_reports
from litetts_cli.bench.report import render_markdown, write_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def assert_png(path):
    from PIL import Image

    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC), path
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        width, height = image.size
        assert width >= 600 and height >= 200
        # Not a blank canvas: a chart has more than a couple of colours.
        pixels = np.asarray(image.convert("RGB").resize((120, 60))).reshape(-1, 3)
        assert len(np.unique(pixels, axis=0)) > 10


def test_report_files_from_a_made_report(tmp_path, made_report):
    files = write_report(made_report, tmp_path / "out")
    assert sorted(f.name for f in files) == sorted(["report.json", "report.md", RTF_CHART, MEMORY_CHART, TTFA_CHART])
    for name in (RTF_CHART, MEMORY_CHART, TTFA_CHART):
        assert_png(tmp_path / "out" / name)
    assert json.loads((tmp_path / "out" / "report.json").read_text()) == made_report


def test_markdown_tables_have_a_row_per_configuration(made_report):
    text = render_markdown(made_report, [RTF_CHART])
    assert text.startswith("# Benchmark: made\n")
    assert "Test CPU @ 2.30GHz · 2 usable cores" in text
    assert ("| configuration | RTF (median, range) | chars/s | audio s | load s | first audio s | vs peer "
            "| first audio / peer passage |") in text
    # First audio 2.5 s against the peer's whole passage: 48 s of audio at RTF 0.6 and 0.6.
    assert "| m-int8 / 1x2 | 0.500 (0.450–0.550) | 29.2 | 48.0 | 0.80 | 2.50 (2.40–2.70) | 1.20x | 8.7% |" in text
    assert "| m-int8 / 2x1 | 0.400 (0.360–0.440) | 36.5 | 48.0 | 0.80 | 2.50 (2.40–2.70) | 1.50x | 8.7% |" in text
    assert "| m-fp32 / 1x2 | 0.900 (0.810–0.990) | 16.2 | 48.0 | 0.80 | 2.50 (2.40–2.70) | – | – |" in text
    assert "| m-int8 / 2x1 | 300, 300 | 600 | +4.5 | bypassed |" in text
    assert "## Peer: kokoro-onnx 0.5.0" in text
    assert "| m-int8 | af_heart | 2 | 0.600 | 10.0 | 400 |" in text
    assert "| m-int8 | af_heart | m-fp32 | 5.0% | 3.21 | 0.456 |" in text
    assert "| m-fp32 | af_heart | m-fp32 | 0.0% | reference | reference |" in text
    assert f"![rtf by configuration]({RTF_CHART})" in text
    assert "m-int8 `abababababababab…`" in text
    assert "CPU features: not recorded" in text  # a report from before they were recorded


def test_markdown_names_the_isa(made_report):
    made_report["machine"]["architecture"] = "x86_64"
    made_report["machine"]["cpu_features"] = {"avx2": True, "avx512f": False, "avx512_vnni": False, "amx": False}
    assert "CPU features: x86_64: avx2 yes · avx512f no · avx512_vnni no · amx no" in render_markdown(made_report)


def test_other_models_are_compared_with_the_peer_on_the_first_model(made_report):
    text = render_markdown(made_report)
    assert "Against kokoro-onnx running the recipe's first model, m-int8, on the same cores" in text
    assert "| m-fp32 / 1x2 | 0.600 | 0.900 | 0.67x |" in text
    assert "| m-int8 / 1x2 | 0.600 |" not in text  # the first model has its own column
    made_report["cases"][2]["workers"], made_report["cases"][2]["threads"] = 1, 1
    assert "Against kokoro-onnx" not in render_markdown(made_report)  # no peer on 1 thread


def test_markdown_warns_when_other_processes_took_the_cpu(made_report):
    assert "**Note:**" not in render_markdown(made_report)
    made_report["cases"][1]["background_cpu_share"] = 0.35
    text = render_markdown(made_report)
    assert "**Note:** other processes took 35% of the CPU during m-int8 / 2x1;" in text


def test_markdown_shows_the_comparison_verdict(made_report):
    baseline = json.loads(json.dumps(made_report))
    baseline["cases"][0]["real_time_factor"]["median"] = 0.40
    made_report["comparison"] = {"baseline": "old.json", **compare_reports(made_report, baseline, 0.10)}
    text = render_markdown(made_report)
    assert "## Compared with old.json: FAILED" in text
    assert "| m-int8 / af_heart / 1x2 | 0.4000 | 0.5000 | +25.0% | regressed |" in text
    assert "| m-int8 / af_heart / 2x1 | 0.4000 | 0.4000 | +0.0% | ok |" in text


@pytest.mark.parametrize(
    "cases, expected",
    [
        ([("m", "v", "1x2"), ("m", "v", "2x1")], ["1x2 (workers x threads)", "2x1 (workers x threads)"]),
        ([("a", "v", "1x2"), ("b", "v", "1x2")], ["a / 1x2", "b / 1x2"]),
        ([("m", "v", "1x2"), ("m", "w", "1x2")], ["v / 1x2", "w / 1x2"]),
        ([("a", "v", "1x1"), ("b", "w", "1x1")], ["a / v / 1x1", "b / w / 1x1"]),
    ],
)
def test_chart_labels_name_only_what_varies(cases, expected):
    assert case_labels([{"model": m, "voice": v, "layout": lay} for m, v, lay in cases]) == expected


def test_report_files_from_a_real_run(tmp_path, real_run):
    report, _ = real_run
    files = write_report(report, tmp_path)
    names = {f.name for f in files}
    assert {"report.json", "report.md", RTF_CHART, MEMORY_CHART, TTFA_CHART} <= names
    for name in (RTF_CHART, MEMORY_CHART, TTFA_CHART):
        assert_png(tmp_path / name)
    data = json.loads((tmp_path / "report.json").read_text())
    assert set(data) == {"schema", "recipe", "machine", "options", "cases", "quality"}
    assert set(data["cases"][0]) >= {
        "id", "model", "voice", "layout", "workers", "threads", "real_time_factor", "chars_per_second",
        "wall_seconds", "audio_seconds", "load_seconds", "peak_rss_mb", "rss_growth_mb", "cache",
        "time_to_first_audio_seconds", "peer", "speed_vs_peer", "memory_timeline",
    }
    markdown = (tmp_path / "report.md").read_text()
    for case in report["cases"]:
        assert f"| {case['layout']} (workers x threads) | {case['real_time_factor']['median']:.3f}" in markdown
