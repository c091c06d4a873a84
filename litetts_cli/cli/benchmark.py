"""`litetts benchmark`: speed, memory and quality of synthesis, as reports and charts."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Callable, Iterator, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from litetts_cli.cli import console
from litetts_cli.cli.common import settings_from
from litetts_cli.cli.options import Device, Json, Model, Voice

DEFAULT_OUT = Path("benchmarks/latest")


def benchmark_command(
    ctx: typer.Context,
    recipe: Annotated[
        Optional[Path],
        typer.Argument(help="Recipe file (TOML), e.g. recipes/default.toml. Without one, a quick run "
                       "from the flags below.", show_default=False),
    ] = None,
    text: Annotated[
        Optional[str], typer.Option("--text", "-t", help="Text to synthesize instead of the recipe's texts.", show_default=False)
    ] = None,
    voice: Voice = None,
    model: Model = None,
    device: Device = None,
    threads: Annotated[
        Optional[int], typer.Option("--threads", help="ONNX Runtime threads per worker (replaces the recipe's layouts).", show_default=False, min=1)
    ] = None,
    workers: Annotated[
        Optional[int], typer.Option("--workers", help="Worker processes (replaces the recipe's layouts).", show_default=False, min=1)
    ] = None,
    repeat: Annotated[
        Optional[int], typer.Option("--repeat", "-r", help="Measured repetitions [recipe's, or 3].", show_default=False, min=1)
    ] = None,
    warmup: Annotated[
        Optional[int], typer.Option("--warmup", help="Unmeasured warm-up passes [recipe's, or 1].", show_default=False, min=0)
    ] = None,
    peer: Annotated[
        Optional[str], typer.Option("--peer", help="Also run this library on the same model and texts, and report our "
                                    "speed as a ratio to it: kokoro-onnx (pip install 'litetts[peer]').", show_default=False)
    ] = None,
    quality: Annotated[
        bool, typer.Option("--quality", help="Word error rate through Whisper tiny.en, and spectral distance of each "
                           "model's audio to the reference model's.")
    ] = False,
    no_first_audio: Annotated[
        bool, typer.Option("--no-first-audio", help="Skip timing `litetts synth`'s first audio.")
    ] = False,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for report.json, report.md and the PNG charts.")
    ] = DEFAULT_OUT,
    compare: Annotated[
        Optional[Path], typer.Option("--compare", help="Baseline report.json: fail (exit 3) when this run's "
                                     "real-time factor regresses beyond --max-regression.", show_default=False)
    ] = None,
    max_regression: Annotated[
        str, typer.Option("--max-regression", help="Allowed RTF regression against --compare, e.g. 10%.")
    ] = "10%",
    json: Json = False,
) -> None:
    """Measure synthesis speed (real-time factor, characters per second, time to first
    audio), model load time and memory for each model, voice and workers x threads layout.

    \b
    Examples:
      litetts benchmark recipes/default.toml --out benchmarks/
      litetts benchmark --text "Hello there." --threads 2 --repeat 3
      litetts benchmark recipes/default.toml --peer kokoro-onnx --quality
      litetts benchmark recipes/default.toml --compare benchmarks/report.json --max-regression 10%
      litetts benchmark recipes/default.toml --device cuda   # the GPU, then the CPU path, same texts
    """
    run_benchmark_cli(
        ctx, recipe_path=recipe, text=text, voice=voice, model=model, device=device, threads=threads, workers=workers,
        repeat=repeat, warmup=warmup, peer=peer, quality=quality, first_audio=not no_first_audio,
        out=out, compare=compare, max_regression=max_regression, json=json,
    )


def run_benchmark_cli(
    ctx: typer.Context,
    *,
    recipe_path: Path | None,
    text: str | None = None,
    voice: str | None = None,
    model: str | None = None,
    device: str | None = None,
    threads: int | None = None,
    workers: int | None = None,
    repeat: int | None = None,
    warmup: int | None = None,
    peer: str | None = None,
    quality: bool = False,
    first_audio: bool = True,
    out: Path = DEFAULT_OUT,
    compare: Path | None = None,
    max_regression: str = "10%",
    json: bool = False,
) -> dict:
    from dataclasses import replace

    from litetts_cli.bench import compare as gate
    from litetts_cli.bench.recipe import load_recipe, quick_recipe
    from litetts_cli.bench.report import write_report
    from litetts_cli.bench.runner import RunOptions, run_benchmark
    from litetts_cli.engine.device import choose_device
    from litetts_cli.engine.engine import resolve_layout

    settings = settings_from(ctx, device=device)
    # Cheap checks first: a bad threshold or baseline should not cost a benchmark run.
    limit = gate.parse_threshold(max_regression)
    baseline = gate.load_baseline(compare) if compare is not None else None
    if recipe_path is not None:
        recipe = load_recipe(recipe_path)
    else:
        recipe = quick_recipe(resolve_layout(1, threads or settings.threads)[1])
    recipe = recipe.with_overrides(text=text, voice=voice, model=model, workers=workers, threads=threads,
                                   repetitions=repeat, warmup=warmup)
    if not first_audio:
        recipe = replace(recipe, time_to_first_audio=False)
    chosen = choose_device(settings.device)  # --device cuda without a GPU fails here, before any run
    if chosen.gpu:
        recipe = recipe.with_device(chosen.device)
        console.note(f"{chosen.note}; then the CPU path on the same texts")
    with _progress() as update:
        report = run_benchmark(recipe, settings, RunOptions(peer=peer, quality=quality), progress=update)
    if baseline is not None:
        report["comparison"] = {"baseline": str(compare), **gate.compare_reports(report, baseline, limit)}
    files = write_report(report, out)
    if json:
        console.print_json({
            "files": [str(f) for f in files],
            **{k: v for k, v in report.items() if k != "cases"},
            "cases": [{k: v for k, v in c.items() if k != "memory_timeline"} for c in report["cases"]],
        })
    else:
        _print_tables(report)
        console.note(f"wrote {', '.join(f.name for f in files)} to {out}")
    if baseline is not None:
        gate.check(report["comparison"])
    return report


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console.err, transient=True) as progress:
        task = progress.add_task("starting workers", total=None)

        def update(description: str, done: int, total: int) -> None:
            progress.update(task, description=description, completed=done, total=total)

        yield update


def _print_tables(report: dict) -> None:
    from rich import box

    from litetts_cli.bench.charts import case_labels
    from litetts_cli.bench.report import busy_machine_note

    machine = report["machine"]
    table = Table(title=f"{report['recipe']['name']}: {machine['cpu_model']}, {machine['usable_cores']} cores",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False,
                  caption="RTF: wall s per audio s (lower is faster); first s: time to first audio of "
                          "`litetts synth`; layouts: workers x threads")
    table.add_column("configuration")
    for column in ("RTF", "range", "chars/s", "load s", "first s", "vs peer", "peak MB"):
        table.add_column(column, justify="right")
    labels = [label.replace(" (workers x threads)", "") for label in case_labels(report["cases"])]
    for label, case in zip(labels, report["cases"]):
        rtf, first = case["real_time_factor"], case.get("time_to_first_audio_seconds")
        table.add_row(
            label, f"{rtf['median']:.3f}", f"{rtf['min']:.3f}–{rtf['max']:.3f}",
            f"{case['chars_per_second']['median']:.1f}", f"{case['load_seconds']['max']:.2f}",
            f"{first['median']:.2f}" if first else "–",
            f"{case['speed_vs_peer']:.2f}x" if case.get("speed_vs_peer") is not None else "–",
            f"{case['peak_rss_mb']['total']:.0f}",
        )
    console.out.print(table)
    if any(c.get("accelerator") for c in report["cases"]):
        from litetts_cli.bench.report import ACCELERATOR_HEADER, accelerator_rows

        gpu = Table(title="GPU and CPU on the same texts", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for column in ACCELERATOR_HEADER:
            gpu.add_column(column)
        for row in accelerator_rows(report):
            gpu.add_row(*row)
        console.out.print(gpu)
    busy = busy_machine_note(report)
    if busy:
        console.warn(busy)
    for q in report.get("quality", []):
        wer = f"{q['word_error_rate']:.1%}" if q["word_error_rate"] is not None else "–"
        mcd = (f", {q['mel_cepstral_distortion_db']:.2f} dB MCD to {q['reference_model']}"
               if q["mel_cepstral_distortion_db"] is not None else "")
        console.out.print(f"quality {q['model']} / {q['voice']}: WER {wer}{mcd}", markup=False)
    comparison = report.get("comparison")
    if comparison:
        if comparison["machine_differs"]:
            console.warn("the baseline was measured on a different machine; compare with care")
        for r in comparison["rows"]:
            verdict = "REGRESSED" if r["regressed"] else "ok"
            console.out.print(f"{r['id']}: RTF {r['baseline']:.4f} -> {r['current']:.4f} ({r['change']:+.1%}) {verdict}",
                              markup=False)
