"""`litetts cache`: inspect, prune, clear and pre-fill the audio cache of synthesized chunks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from litetts_cli.cli import console
from litetts_cli.cli.common import read_text_input, settings_from
from litetts_cli.cli.options import Json, Model, Speed, Threads, Voice
from litetts_cli.cli.progress import count_progress
from litetts_cli.limits import format_size, parse_size

app = typer.Typer(
    help="Inspect and manage the audio cache: synthesized chunks kept so the same text, voice "
    "and speed are never synthesized twice. Location: --cache-dir, env LITETTS_CACHE_DIR, or "
    "cache/ in the store.",
    no_args_is_help=True,
)

CacheDir = Annotated[
    Optional[Path],
    typer.Option("--cache-dir", help="Cache folder [env LITETTS_CACHE_DIR; default: <home>/cache].", show_default=False),
]

def _open(ctx: typer.Context, cache_dir: Path | None, **cli):
    from litetts_cli.speech import open_cache

    settings = settings_from(ctx, cache_dir=cache_dir, **cli)
    return settings, open_cache(settings)


def _model_names(settings) -> dict[str, str]:
    """Cache headers name models by their sha256 prefix; map it back to installed names."""
    from litetts_cli.store.models import installed

    return {info.sha256[:16]: info.name for info in installed(settings.models_dir) if info.sha256}


@app.command("stats")
def stats_command(ctx: typer.Context, cache_dir: CacheDir = None, json: Json = False) -> None:
    """Entries, size and hit rate of the cache, by model and voice."""
    settings, cache = _open(ctx, cache_dir)
    stats = cache.stats()
    names = _model_names(settings)
    data = {"cache_dir": str(cache.root), **stats.to_dict()}
    data["by_model"] = {names.get(k, k): v for k, v in stats.by_model.items()}
    if json:
        console.print_json(data)
        return
    rate = f"{stats.hit_rate:.1%} ({stats.hits} hits, {stats.misses} misses)" if stats.hit_rate is not None else "no lookups recorded"
    console.out.print(f"{cache.root}: {stats.entries} entries, {format_size(stats.bytes)}; hit rate {rate}", markup=False)
    if stats.entries:
        table = Table()
        table.add_column("model or voice")
        table.add_column("entries", justify="right")
        for model, count in sorted(data["by_model"].items(), key=lambda kv: -kv[1]):
            table.add_row(f"model {model}", str(count))
        for voice, count in sorted(stats.by_voice.items(), key=lambda kv: -kv[1]):
            table.add_row(f"voice {voice}", str(count))
        console.out.print(table)


@app.command("clear")
def clear_command(ctx: typer.Context, cache_dir: CacheDir = None, json: Json = False) -> None:
    """Delete every cached chunk and the hit counters."""
    _, cache = _open(ctx, cache_dir)
    removed, freed = cache.clear()
    if json:
        console.print_json({"cache_dir": str(cache.root), "removed": removed, "freed_bytes": freed})
    else:
        console.out.print(f"removed {removed} entries ({format_size(freed)}) from {cache.root}", markup=False)


@app.command("prune")
def prune_command(
    ctx: typer.Context,
    max_size: Annotated[str, typer.Option("--max-size", help="Keep the cache at most this big: 500M, 2G, 1.5GB (1024-based).", show_default=False)],
    cache_dir: CacheDir = None,
    json: Json = False,
) -> None:
    """Delete least recently used chunks until the cache fits in --max-size."""
    limit = parse_size(max_size)
    _, cache = _open(ctx, cache_dir)
    removed, freed = cache.prune(limit)
    left = cache.stats()
    data = {"cache_dir": str(cache.root), "max_bytes": limit, "removed": removed, "freed_bytes": freed,
            "entries": left.entries, "bytes": left.bytes}
    if json:
        console.print_json(data)
    else:
        console.out.print(f"removed {removed} entries ({format_size(freed)}); {left.entries} entries "
                          f"({format_size(left.bytes)}) remain, limit {format_size(limit)}", markup=False)


@app.command("warm")
def warm_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="Text or Markdown file to pre-synthesize (- for stdin).", show_default=False)],
    voice: Voice = None,
    speed: Speed = None,
    model: Model = None,
    threads: Threads = None,
    cache_dir: CacheDir = None,
    json: Json = False,
) -> None:
    """Synthesize a file's chunks into the cache now, so `synth` of it later is instant."""
    from litetts_cli import SAMPLE_RATE
    from litetts_cli.speech import Speaker, load_engine, load_voice, make_normalizer, model_identity, require_text

    settings, cache = _open(ctx, cache_dir, voice=voice, speed=speed, model=model, threads=threads)
    spoken, label = read_text_input(file)
    require_text(spoken)
    chosen = load_voice(settings)
    engine = load_engine(settings, note=console.note)
    speaker = Speaker(engine, chosen, settings.speed, normalize=make_normalizer(settings, chosen),
                      cache=cache, model_id=model_identity(settings))
    chunks = speaker.plan(spoken)
    samples = 0
    with count_progress(f"warming the cache with {label}", len(chunks)) as update:
        for done, chunk in enumerate(chunks, 1):
            samples += len(speaker.render(chunk))
            update(done, len(chunks))
    # Warming is not use: its lookups stay out of the hit-rate counters.
    data = {"input": label, "cache_dir": str(cache.root), "voice": chosen.name, "model": settings.model,
            "speed": settings.speed, "chunks": len(chunks), "already_cached": cache.hits,
            "synthesized": cache.misses, "audio_seconds": round(samples / SAMPLE_RATE, 3)}
    if json:
        console.print_json(data)
    else:
        console.out.print(f"{label}: {len(chunks)} chunks, {cache.hits} already cached, {cache.misses} synthesized "
                          f"({data['audio_seconds']:.1f} s of audio) into {cache.root}", markup=False)
