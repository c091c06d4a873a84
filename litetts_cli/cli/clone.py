"""`litetts voices clone` and `litetts voices similarity`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from litetts_cli.cli import console
from litetts_cli.cli.common import settings_from
from litetts_cli.cli.options import Json, Model, Threads
from litetts_cli.engine.voices import VoiceLibrary

Clips = Annotated[list[Path], typer.Argument(help="Recordings of one person speaking (wav, flac, mp3, m4a; 5 s to 5 min in all).", show_default=False)]


def _setup(ctx: typer.Context, model: str | None, threads: int | None):
    from litetts_cli.speech import load_engine

    settings = settings_from(ctx, model=model, threads=threads)
    library = VoiceLibrary(settings.voices_dir, settings.custom_voices_dir)
    return settings, library, load_engine(settings, note=console.note)


def clone_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name for the new voice, e.g. my_voice.", show_default=False)],
    clips: Clips,
    time_budget: Annotated[float, typer.Option("--time-budget", min=10, help=(
        "Seconds the fit may take (the search stops in time to check the result). The voice gets closer "
        "with the search steps it has time for: about 100 in 300 s on two free cores, a few on a busy "
        "machine, so give a busy machine more."))] = 300.0,
    model: Model = None,
    threads: Threads = None,
    json: Json = False,
) -> None:
    """Fit a voice to recordings of a person and save it under NAME, usable anywhere a voice is."""
    from litetts_cli.clone.clips import check_total, read_clip
    from litetts_cli.clone.fit import FitOptions
    from litetts_cli.clone.service import clone_voice
    from litetts_cli.engine.voices import check_new_name

    check_new_name(name)
    read = [read_clip(path) for path in clips]
    check_total(read)
    settings, library, engine = _setup(ctx, model, threads)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    started = time.monotonic()
    with Progress(TextColumn("cloning"), BarColumn(), TextColumn("{task.percentage:>3.0f}% {task.description}"),
                  TimeElapsedColumn(), console=console.err, transient=True) as bar:
        task = bar.add_task("", total=1.0)
        voice, result = clone_voice(name, read, library, engine, settings.models_dir, FitOptions(time_budget_s=time_budget),
                                    lambda done, what: bar.update(task, completed=done, description=what))
    summary = {
        "voice": voice.name, "language": voice.language, "method": result.method,
        "similarity": round(result.score, 4), "candidates": result.candidates,
        "nearest_stock": result.nearest[:3], "seconds": round(time.monotonic() - started, 1),
    }
    if json:
        console.print_json(summary)
        return
    nearest = ", ".join(f"{n} {s:.3f}" for n, s in result.nearest[:3])
    console.note(f"saved voice {voice.name} ({result.method}); similarity on held-out sentences "
                 f"{result.score:.3f}; nearest stock voices: {nearest}; {summary['seconds']:.0f} s. "
                 f"Try `litetts voices preview {voice.name}`")


def similarity_command(
    ctx: typer.Context,
    clips: Clips,
    voice: Annotated[str, typer.Option("--voice", "-v", help="Voice to measure (a clone, stock voice or blend).", show_default=False)],
    model: Model = None,
    threads: Threads = None,
    json: Json = False,
) -> None:
    """How close a voice sounds to a recording (Resemblyzer cosine, 1 = same), and the nearest stock voices."""
    from litetts_cli.clone.clips import read_clip
    from litetts_cli.clone.service import similarity

    read = [read_clip(path) for path in clips]
    _, library, engine = _setup(ctx, model, threads)
    chosen = library.load(voice)
    result = similarity(read, chosen, library, engine)
    if json:
        console.print_json({"voice": voice, "similarity": round(result.voice, 4),
                            "nearest_stock": [[n, round(s, 4)] for n, s in result.nearest]})
        return
    console.out.print(f"{voice}: {result.voice:.3f}")
    for name, score in result.nearest:
        console.out.print(f"  {name}: {score:.3f}")
