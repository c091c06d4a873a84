"""PNG charts of a report: real-time factor, memory over time, time to first audio."""

from __future__ import annotations

from pathlib import Path

from litetts_cli.errors import ChartsUnavailable

RTF_CHART = "rtf_by_configuration.png"
MEMORY_CHART = "memory_over_time.png"
TTFA_CHART = "time_to_first_audio.png"
_OURS, _PEER = "#2b6cb0", "#c05621"



def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise ChartsUnavailable("charts need matplotlib, which is not installed",
                                hint="pip install matplotlib (or reinstall litetts)") from None
    matplotlib.use("Agg")  # files only: never open a window or need a display
    import matplotlib.pyplot as plt

    return plt


def case_labels(cases: list[dict]) -> list[str]:
    """Shortest labels that tell the cases apart: the layout when model and voice never vary."""
    models = {c["model"] for c in cases}
    voices = {c["voice"] for c in cases}
    labels = []
    for case in cases:
        parts = ([case["model"]] if len(models) > 1 else []) + ([case["voice"]] if len(voices) > 1 else [])
        labels.append(" / ".join(parts + [f"{case['layout']} (workers x threads)" if not parts else case["layout"]]))
    return labels


def write_charts(report: dict, out_dir: Path) -> list[Path]:
    """Draw every chart the report has data for; returns the files written."""
    plt = _pyplot()
    out_dir = Path(out_dir)
    written = [_rtf_chart(plt, report, out_dir / RTF_CHART), _memory_chart(plt, report, out_dir / MEMORY_CHART)]
    if any(c.get("time_to_first_audio_seconds") for c in report["cases"]):
        written.append(_ttfa_chart(plt, report, out_dir / TTFA_CHART))
    return written


def _subtitle(report: dict) -> str:
    machine = report["machine"]
    return f"{machine['cpu_model']}, {machine['usable_cores']} cores, onnxruntime {machine['onnxruntime']}"


def _rtf_chart(plt, report: dict, path: Path) -> Path:
    cases = report["cases"]
    labels = case_labels(cases)
    has_peer = any(c.get("peer") for c in cases)
    height = 0.38 if has_peer else 0.6
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.75 * len(cases) * (1.6 if has_peer else 1)))
    positions = list(range(len(cases)))
    ours = [c["real_time_factor"] for c in cases]
    _bars(ax, [p - (height / 2 if has_peer else 0) for p in positions], ours, height, _OURS, "litetts")
    if has_peer:
        peers = [c["peer"]["real_time_factor"] if c.get("peer") else None for c in cases]
        shown = [(p + height / 2, s) for p, s in zip(positions, peers) if s]
        name = next(c["peer"]["name"] for c in cases if c.get("peer"))
        _bars(ax, [p for p, _ in shown], [s for _, s in shown], height, _PEER, f"{name} (same cores)")
    ax.axvline(1.0, color="#888", linestyle="--", linewidth=1)
    ax.text(1.0, -0.6, " real time", color="#666", fontsize=8, va="center")
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_ylim(len(cases) - 0.4, -0.8)
    ax.set_xlabel("real-time factor: wall seconds per second of audio (lower is faster)")
    ax.set_title(f"Synthesis speed — {report['recipe']['name']}\n{_subtitle(report)}", fontsize=10)
    ax.set_xlim(0, max(1.1, max(s["max"] for s in ours + [c["peer"]["real_time_factor"] for c in cases if c.get("peer")]) * 1.25))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return _save(plt, fig, path)


def _bars(ax, positions, stats, height, color, label):
    medians = [s["median"] for s in stats]
    errors = [[m - s["min"] for m, s in zip(medians, stats)], [s["max"] - m for m, s in zip(medians, stats)]]
    ax.barh(positions, medians, height=height, color=color, xerr=errors, capsize=3, label=label)
    for y, value, s in zip(positions, medians, stats):
        ax.text(s["max"], y, f"  {value:.3f}", va="center", fontsize=8)


def _memory_chart(plt, report: dict, path: Path) -> Path:
    import numpy as np

    fig, ax = plt.subplots(figsize=(9, 4.5))
    marked = False
    for case, label in zip(report["cases"], case_labels(report["cases"])):
        timeline = case["memory_timeline"]
        line, = ax.plot(timeline["seconds"], timeline["rss_mb"], linewidth=1.5,
                        label=f"{label}: peak {case['peak_rss_mb']['total']:.0f} MB, "
                              f"{case['rss_growth_mb']:+.0f} MB while measured")
        start = timeline.get("marks", {}).get("measured")
        if start is not None and timeline["seconds"]:
            level = float(np.interp(start, timeline["seconds"], timeline["rss_mb"]))
            ax.plot([start], [level], marker="o", color=line.get_color(),
                    label=None if marked else "measured runs begin (after load and warm-up)", linestyle="none")
            marked = True
    ax.set_xlabel("seconds since the workers started (model load, warm-up, measured runs)")
    ax.set_ylabel("resident memory of all workers (MB)")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Memory over time — {report['recipe']['name']}\n{_subtitle(report)}", fontsize=10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(alpha=0.3)
    return _save(plt, fig, path)


def _ttfa_chart(plt, report: dict, path: Path) -> Path:
    seen: dict[tuple, dict] = {}
    for case in report["cases"]:
        if case.get("time_to_first_audio_seconds"):
            seen.setdefault((case["model"], case["voice"], case["threads"]), case["time_to_first_audio_seconds"])
    models = {k[0] for k in seen}
    voices = {k[1] for k in seen}
    labels = [
        " / ".join(([m] if len(models) > 1 else []) + ([v] if len(voices) > 1 else []) + [f"{t} thread{'s' if t > 1 else ''}"])
        for m, v, t in seen
    ]
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.7 * len(seen)))
    _bars(ax, list(range(len(seen))), list(seen.values()), 0.6, _OURS, "litetts synth")
    ax.set_yticks(list(range(len(seen))), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(s["max"] for s in seen.values()) * 1.25)
    ax.set_xlabel("seconds from starting `litetts synth` to its first audio bytes (start-up and model load included)")
    ax.set_title(f"Time to first audio — {report['recipe']['name']}\n{_subtitle(report)}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return _save(plt, fig, path)


def _save(plt, fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
