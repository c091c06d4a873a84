"""`litetts voices`: list, preview and blend voices."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from litetts_cli.cli import console
from litetts_cli.cli.common import settings_from
from litetts_cli.cli.options import Json, Model, Speed, Threads
from litetts_cli.engine.voices import VoiceLibrary
from litetts_cli.errors import UsageError

app = typer.Typer(help="List, preview and blend voices.", no_args_is_help=True)

_LANGUAGE_ALIASES = {
    "en": ("en-us", "en-gb"), "us": ("en-us",), "gb": ("en-gb",), "uk": ("en-gb",),
    "a": ("en-us",), "b": ("en-gb",), "e": ("es",), "f": ("fr-fr",), "fr": ("fr-fr",),
    "h": ("hi",), "i": ("it",), "p": ("pt-br",), "pt": ("pt-br",), "j": ("ja",), "z": ("cmn",),
    "zh": ("cmn",),
}
_GRADE_ORDER = "A+ A A- B+ B B- C+ C C- D+ D D- F+ F F-".split()


def _library(ctx: typer.Context) -> VoiceLibrary:
    settings = settings_from(ctx)
    return VoiceLibrary(settings.voices_dir, settings.custom_voices_dir)


def _grade_key(grade: str | None) -> int:
    return _GRADE_ORDER.index(grade) if grade in _GRADE_ORDER else len(_GRADE_ORDER)


@app.command("list")
def list_command(
    ctx: typer.Context,
    language: Annotated[Optional[str], typer.Option("--language", "-l", help="Filter: en, en-us, en-gb, es, fr, hi, it, pt-br, ja, zh (or a voice prefix letter).", show_default=False)] = None,
    gender: Annotated[Optional[str], typer.Option("--gender", "-g", help="Filter: female/f or male/m.", show_default=False)] = None,
    json: Json = False,
) -> None:
    """Voices with language, gender and quality grade (best first)."""
    library = _library(ctx)
    rows = [{"name": n, **facts, "kind": "published"} for n, facts in library.published().items()]
    rows += [
        {"name": n, "language": m.get("language"), "gender": None, "grade": None,
         "installed": True, "kind": f"custom ({m.get('spec')})"}
        for n, m in library.custom().items()
    ]
    if language:
        wanted = _LANGUAGE_ALIASES.get(language.lower(), (language.lower(),))
        rows = [r for r in rows if r["language"] in wanted]
    if gender:
        g = {"f": "female", "m": "male"}.get(gender.lower()[:1])
        if g is None:
            raise UsageError(f"unknown gender {gender!r}", hint="use female/f or male/m")
        rows = [r for r in rows if r["gender"] == g]
    rows.sort(key=lambda r: (r["language"] or "", _grade_key(r["grade"]), r["name"]))
    for row in rows:
        row.pop("sha256", None)
        row.pop("bytes", None)
    if json:
        console.print_json(rows)
        return
    if not rows:
        raise UsageError("no voice matches these filters", hint="run `litetts voices list` without filters")
    table = Table(title=f"{len(rows)} voices")
    for column in ("name", "language", "gender", "grade", "installed", "kind"):
        table.add_column(column)
    for r in rows:
        table.add_row(r["name"], r["language"] or "", r["gender"] or "", r["grade"] or "-",
                      "yes" if r["installed"] else "no", r["kind"])
    console.out.print(table)


@app.command("preview")
def preview_command(
    ctx: typer.Context,
    voice: Annotated[str, typer.Argument(help="Voice name, custom voice or blend.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write [default: VOICE-preview.wav].", show_default=False)] = None,
    text: Annotated[Optional[str], typer.Option("--text", help="Say this instead of the standard sentence.", show_default=False)] = None,
    speed: Speed = None,
    model: Model = None,
    threads: Threads = None,
) -> None:
    """Write a short sample of a voice."""
    from litetts_cli.cli.synth import synthesize_to

    safe = voice.replace(":", "-").replace(",", "+").replace("/", "_")
    target = str(output) if output else f"{safe}-preview.wav"
    if text is None:
        from litetts_cli.engine.voices import preview_sentence

        name = voice.split(":")[0].split(",")[0].split("_")[-1].title()
        text = preview_sentence(_library(ctx).load(voice).language, name)
    spoken = text
    result = synthesize_to(ctx, spoken, target, None, voice=voice, speed=speed, model=model, threads=threads)
    console.note(f"wrote {result['output']} ({result['audio_seconds']:.1f} s)")


@app.command("blend")
def blend_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name for the new voice, e.g. my_narrator.")],
    spec: Annotated[str, typer.Argument(help="Blend, e.g. af_heart:0.6,bf_emma:0.4 (weights are normalized).")],
) -> None:
    """Save a blend of voices under a name usable anywhere a voice is."""
    voice = _library(ctx).save(name, spec)
    console.note(f"saved voice {voice.name} ({spec}, language {voice.language}); try `litetts voices preview {voice.name}`")


from litetts_cli.cli.clone import clone_command, similarity_command  # noqa: E402

app.command("clone")(clone_command)
app.command("similarity")(similarity_command)
