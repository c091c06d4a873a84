"""Write a benchmark report: ``report.json`` (everything), ``report.md`` (tables), charts."""

from __future__ import annotations

import json
from pathlib import Path

from litetts_cli.bench.charts import case_labels, write_charts
from litetts_cli.errors import OutputError

JSON_FILE = "report.json"
MARKDOWN_FILE = "report.md"


def write_report(report: dict, out_dir: Path) -> list[Path]:
    """Write the JSON, the Markdown and the charts into ``out_dir``; returns their paths."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        charts = write_charts(report, out_dir)
        json_path = out_dir / JSON_FILE
        json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
        markdown_path = out_dir / MARKDOWN_FILE
        markdown_path.write_text(render_markdown(report, [c.name for c in charts]), "utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write the report into {out_dir}: {exc.strerror or exc}",
                          hint="choose another folder with --out") from None
    return [json_path, markdown_path, *charts]


def _spread(stats: dict | None, unit: str = "", digits: int = 3) -> str:
    if not stats:
        return "–"
    text = f"{stats['median']:.{digits}f}{unit}"
    if stats["max"] != stats["min"]:
        text += f" ({stats['min']:.{digits}f}–{stats['max']:.{digits}f})"
    return text


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def speed_rows(report: dict) -> list[list[str]]:
    """One row per configuration for the speed table (shared with the terminal table)."""
    rows = []
    for case, label in zip(report["cases"], case_labels(report["cases"])):
        peer = case.get("speed_vs_peer")
        rows.append([
            label,
            _spread(case["real_time_factor"]),
            _spread(case["chars_per_second"], digits=1),
            f"{case['audio_seconds']:.1f}",
            f"{case['load_seconds']['max']:.2f}",
            _spread(case.get("time_to_first_audio_seconds"), digits=2),
            f"{peer:.2f}x" if peer is not None else "–",
            _percent(case.get("first_audio_vs_peer_whole")),
        ])
    return rows


def reference_peer_rows(report: dict) -> list[list[str]]:
    """Each other model's configurations against the peer running the first model.

    A converted model is ours, so the fair comparison for it is the peer on the file it
    was converted from (the first model of the recipe), on the same cores.
    """
    cases = [c for c in report["cases"] if c.get("peer")]
    if not cases:
        return []
    reference = cases[0]["model"]
    peer_rtf = {(c["voice"], c["peer"]["threads"]): c["peer"]["real_time_factor"]["median"]
                for c in cases if c["model"] == reference}
    rows = []
    for case, label in zip(report["cases"], case_labels(report["cases"])):
        base = peer_rtf.get((case["voice"], case["workers"] * case["threads"]))
        if case["model"] != reference and base is not None:
            rtf = case["real_time_factor"]["median"]
            rows.append([label, f"{base:.3f}", f"{rtf:.3f}", f"{base / rtf:.2f}x"])
    return rows


ACCELERATOR_HEADER = ["engine", "device", "x real time", "first audio s", "GPU memory peak (MB)", "batch",
                      "torch / CUDA / driver"]


def accelerator_rows(report: dict) -> list[list[str]]:
    """The torch engine's cases (``--device cuda``) next to the CPU path's best case on
    the same texts: x real time, time to first audio, GPU memory, batch and software."""
    torch_cases = [c for c in report["cases"] if c.get("accelerator")]
    cpu_cases = [c for c in report["cases"] if not c.get("accelerator")]
    rows = []
    for case in torch_cases + sorted(cpu_cases, key=lambda c: c["real_time_factor"]["median"])[:1]:
        facts = case.get("accelerator") or {}
        first = case.get("time_to_first_audio_seconds")
        rows.append([
            f"torch, {facts['fusion'] or 'unfused'}" if facts else f"onnx {case['model']}",
            f"{facts['device']}" + (f" ({facts['name']})" if facts.get("name") else "") if facts
            else f"cpu, {case['layout']} workers x threads",
            f"{case['x_real_time']:,.1f}x" if case.get("x_real_time") else "–",
            f"{first['median']:.2f}" if first else "–",
            f"{facts['peak_memory_allocated_mb']:,}" if facts.get("peak_memory_allocated_mb") is not None else "–",
            f"{facts['batch']} chunks, {facts['max_batch_tokens']:,} tokens" if facts else "1 chunk per worker",
            " / ".join(str(facts.get(k) or "–") for k in ("torch", "cuda", "driver")) if facts else "–",
        ])
    return rows


BUSY_THRESHOLD = 0.10
"""Share of the cores taken by other processes above which the report says so."""


def busy_machine_note(report: dict) -> str:
    """A warning when other processes took a noticeable share of the CPU while measuring."""
    labels = [label.replace(" (workers x threads)", "") for label in case_labels(report["cases"])]
    busy = [(label, case.get("background_cpu_share")) for case, label in zip(report["cases"], labels)]
    busy = [(label, share) for label, share in busy if share is not None and share > BUSY_THRESHOLD]
    if not busy:
        return ""
    parts = ", ".join(f"{share:.0%} of the CPU during {label}" for label, share in busy)
    return (f"other processes took {parts}; those numbers are slower than on an "
            "idle machine (spinning threads suffer most). Re-run on a quiet machine before comparing.")


SPEED_HEADER = ["configuration", "RTF (median, range)", "chars/s", "audio s", "load s", "first audio s", "vs peer",
                "first audio / peer passage"]


def _percent(share: float | None) -> str:
    return f"{share:.1%}" if share is not None else "–"


def isa_line(machine: dict) -> str:
    """The instruction sets the numbers were measured with (``avx2 yes · avx512f no ...``)."""
    features = machine.get("cpu_features")
    if not features:
        return "not recorded"
    arch = machine.get("architecture")
    listed = " · ".join(f"{name} {'yes' if present else 'no'}" for name, present in features.items())
    return f"{arch}: {listed}" if arch else listed


def render_markdown(report: dict, charts: list[str] = ()) -> str:
    recipe, machine = report["recipe"], report["machine"]
    out = [f"# Benchmark: {recipe['name']}", ""]
    if recipe.get("description"):
        out += [recipe["description"], ""]
    out += [
        f"{machine['date']} · {machine['cpu_model']} · {machine['usable_cores']} usable cores "
        f"({machine['logical_cores']} logical) · {machine.get('memory_mb') or '?'} MB RAM",
        f"CPU features: {isa_line(machine)}",
        f"litetts {machine['litetts']} · onnxruntime {machine['onnxruntime']} · Python {machine['python']} · {machine['platform']}",
        "",
        f"{len(recipe['texts'])} text(s), {sum(t['characters'] for t in recipe['texts'])} characters; "
        f"{recipe['repetitions']} measured repetition(s) after {recipe['warmup']} warm-up; "
        f"audio cache {'on' if recipe['cache'] else 'bypassed'}.",
        "",
        "## Speed",
        "",
        "RTF is wall seconds per second of audio for the whole configuration (all workers "
        "together); below 1 is faster than real time. Layouts are workers x threads per worker."
        + (" *vs peer* is the peer's RTF divided by ours on the same cores: above 1 means litetts is faster."
           " *first audio / peer passage*: the first audio of `litetts synth` streaming the recipe's texts"
           " as one passage (fresh process, load included), as a share of the peer's time for the whole"
           " passage on the same model file."
           if any(c.get("peer") for c in report["cases"]) else ""),
        "",
    ]
    out += _table(SPEED_HEADER, speed_rows(report))
    if any(c.get("accelerator") for c in report["cases"]):
        out += ["", "## GPU and CPU on the same texts", "",
                "x real time is seconds of audio per wall second (1 / RTF). The CPU row is the fastest CPU "
                "configuration above. GPU memory is the peak allocated by the torch engine's process.", ""]
        out += _table(ACCELERATOR_HEADER, accelerator_rows(report))
    against_reference = reference_peer_rows(report)
    if against_reference:
        reference = next(c for c in report["cases"] if c.get("peer"))
        out += ["", f"Against {reference['peer']['name']} running the recipe's first model, "
                f"{reference['model']}, on the same cores (for a model converted from that file, "
                "the speed-up over the peer as users run it today):", ""]
        out += _table(["configuration", "peer RTF", "RTF", "speed-up"], against_reference)
    busy = busy_machine_note(report)
    if busy:
        out += ["", f"**Note:** {busy}"]
    out += ["", "## Memory", ""]
    rows = []
    for case, label in zip(report["cases"], case_labels(report["cases"])):
        hit_rate = case["cache"]["hit_rate"]
        rows.append([
            label,
            ", ".join(f"{v:.0f}" for v in case["peak_rss_mb"]["per_worker"]),
            f"{case['peak_rss_mb']['total']:.0f}",
            f"{case['rss_growth_mb']:+.1f}",
            f"{hit_rate:.0%}" if hit_rate is not None else ("bypassed" if not case["cache"]["enabled"] else "–"),
        ])
    out += _table(["configuration", "peak RSS per worker (MB)", "peak RSS total (MB)",
                   "RSS growth after warm-up (MB)", "cache hit rate"], rows)
    peers = [c for c in report["cases"] if c.get("peer")]
    if peers:
        out += ["", f"## Peer: {peers[0]['peer']['name']} {peers[0]['peer']['version']}", ""]
        seen = {}
        for case in peers:
            seen.setdefault((case["model"], case["voice"], case["peer"]["threads"]), case["peer"])
        out += _table(
            ["model", "voice", "threads", "RTF", "chars/s", "peak RSS (MB)"],
            [[m, v, str(t), _spread(p["real_time_factor"]), _spread(p["chars_per_second"], digits=1),
              f"{p['peak_rss_mb']:.0f}"] for (m, v, t), p in seen.items()],
        )
    if report.get("quality"):
        out += ["", "## Quality", "",
                "Word error rate of Whisper tiny.en's transcript; spectral distance (mel cepstral "
                "distortion, log-mel L1, after DTW alignment) to the reference model's audio.", ""]
        out += _table(
            ["model", "voice", "reference", "WER", "MCD (dB)", "log-mel L1"],
            [[q["model"], q["voice"], q["reference_model"],
              f"{q['word_error_rate']:.1%}" if q["word_error_rate"] is not None else "–",
              f"{q['mel_cepstral_distortion_db']:.2f}" if q["mel_cepstral_distortion_db"] is not None else "reference",
              f"{q['log_mel_l1']:.3f}" if q["log_mel_l1"] is not None else "reference"]
             for q in report["quality"]],
        )
    comparison = report.get("comparison")
    if comparison:
        verdict = "passed" if comparison["passed"] else "FAILED"
        out += ["", f"## Compared with {comparison.get('baseline', 'baseline')}: {verdict}", "",
                f"Allowed RTF regression: {comparison['max_regression']:.1%}."
                + (" The baseline ran on a different machine." if comparison["machine_differs"] else ""), ""]
        out += _table(["configuration", "baseline RTF", "RTF", "change", "verdict"],
                      [[r["id"], f"{r['baseline']:.4f}", f"{r['current']:.4f}", f"{r['change']:+.1%}",
                        "regressed" if r["regressed"] else "ok"] for r in comparison["rows"]])
    if charts:
        out += ["", "## Charts", ""] + [f"![{Path(c).stem.replace('_', ' ')}]({c})" for c in charts]
    sha = ", ".join(f"{m} `{s[:16]}…`" for m, s in machine["model_sha256"].items() if s)
    out += ["", f"Model sha256: {sha}", ""]
    return "\n".join(out)
