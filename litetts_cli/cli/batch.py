"""`litetts batch`: a library of books, each to an audiobook, through one shared pool."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.live import Live
from rich.table import Table

from litetts_cli.assemble import DEFAULT_TARGET_LUFS
from litetts_cli.cli import console
from litetts_cli.cli.common import settings_from
from litetts_cli.cli.options import (
    CacheDir, Cluster, Device, EngineThreads, FrontMatter, GpusPerActor, HeadingLevel, Json, Lexicon, Loudness, MaxInputSize,
    MaxUnpackedSize, Model, NoCache, NoLoudness, ReadTables, Speed, Subtitles, Voice, Workers,
)
from litetts_cli.errors import UsageError

_STYLE = {"done": "green", "skipped": "dim", "failed": "red", "synthesizing": "cyan", "assembling": "magenta"}


class LiveTable:
    """Books as rows (status, chunks done, audio, ETA), redrawn on stderr four times a second."""

    def __init__(self) -> None:
        self.entries: list = []
        self.started = time.perf_counter()
        self.lock = threading.Lock()

    def changed(self, entry) -> None:
        with self.lock:
            if all(entry is not e for e in self.entries):
                self.entries.append(entry)

    def _rate(self) -> float:
        done = sum(e.done_chunks for e in self.entries)
        elapsed = time.perf_counter() - self.started
        return done / elapsed if done and elapsed > 0 else 0.0

    def render(self) -> Table:
        with self.lock:
            entries = list(self.entries)
        rate = self._rate()
        table = Table(title="books", expand=False)
        for column in ("book", "status", "chunks", "audio", "ETA"):
            table.add_column(column, justify="left" if column in ("book", "status") else "right")
        queue_ahead = 0.0
        for e in entries:
            left = e.chunks - e.done_chunks
            queue_ahead += left
            eta = f"{queue_ahead / rate / 60:.1f} min" if rate and left and e.status == "synthesizing" else ""
            style = _STYLE.get(e.status, "")
            table.add_row((e.title or e.source.name)[:40], f"[{style}]{e.status}[/]" if style else e.status,
                          f"{e.done_chunks}/{e.chunks}" + (f" (+{e.reused} cached)" if e.reused else ""),
                          f"{e.audio_seconds / 60:.1f} min", eta)
        total_left = sum(e.chunks - e.done_chunks for e in entries)
        if rate and total_left:
            table.caption = f"{rate:.2f} chunks/s, all books in about {total_left / rate / 60:.1f} min"
        return table


def batch_command(
    ctx: typer.Context,
    sources: Annotated[Optional[list[str]], typer.Argument(help="Books: .epub/.md/.txt/.pdf/.docx/.html files, folders (searched recursively) or globs.", show_default=False)] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The library folder the audiobooks go in.")] = Path("audiobooks"),
    from_list: Annotated[Optional[Path], typer.Option("--from-list", help="Also the books listed in this file, one path or glob a line (# comments).", show_default=False)] = None,
    layout: Annotated[str, typer.Option("--layout", help="audiobookshelf: Author/Title/Title.m4b; flat: Title.m4b.")] = "audiobookshelf",
    fmt: Annotated[str, typer.Option("--format", "-f", help="m4b, mp3, opus, ogg, flac, wav, m4a.")] = "m4b",
    split: Annotated[str, typer.Option("--split", help="'chapters' writes one file per chapter, in the book's folder.")] = "none",
    voice: Voice = None,
    speed: Speed = None,
    model: Model = None,
    workers: Workers = None,
    threads: EngineThreads = None,
    subtitles: Subtitles = None,
    loudness: Loudness = DEFAULT_TARGET_LUFS,
    no_loudness: NoLoudness = False,
    include_front_matter: FrontMatter = False,
    heading_level: HeadingLevel = 1,
    read_tables: ReadTables = False,
    cache_dir: CacheDir = None,
    lexicon: Lexicon = None,
    max_input_size: MaxInputSize = None,
    max_unpacked_size: MaxUnpackedSize = None,
    no_cache: NoCache = False,
    cluster: Cluster = None,
    device: Device = None,
    gpus_per_actor: GpusPerActor = None,
    json: Json = False,
) -> None:
    """Convert many books into a library folder, all sharing one pool of engines.

    \b
    Books done and unchanged are skipped; an interrupted batch resumes when run
    again. A book that fails is reported and the others go on; the exit code is 1
    if any book failed.
    \b
    Examples:
      litetts batch ~/books -o ~/audiobooks              # Author/Title/Title.m4b
      litetts batch 'shelf/*.epub' notes.md -o out --layout flat
      litetts batch --from-list todo.txt -o out -f mp3 --split chapters
      litetts batch ~/books -o out --cluster ray://head:10001
    """
    from litetts_cli.batch.layout import LAYOUTS
    from litetts_cli.batch.run import BatchOptions, run_batch
    from litetts_cli.batch.sources import discover
    from litetts_cli.book.run import BookOptions
    from litetts_cli.encode import get_format
    from litetts_cli.ingest import IngestOptions
    from litetts_cli.speech import pause_profile

    if layout not in LAYOUTS:
        raise UsageError(f"unknown --layout {layout!r}", hint=f"use {' or '.join(LAYOUTS)}")
    if split not in ("none", "chapters"):
        raise UsageError(f"unknown --split {split!r}", hint="use --split chapters, or leave it out")
    if subtitles is not None and subtitles not in ("srt", "vtt"):
        raise UsageError(f"unknown subtitle format {subtitles!r}", hint="use srt or vtt")
    books = discover(list(sources or []), from_list)
    settings = settings_from(ctx, voice=voice, speed=speed, model=model, cache_dir=cache_dir, lexicon=lexicon,
                             max_input_size=max_input_size, max_unpacked_size=max_unpacked_size, cluster=cluster,
                             device=device)
    if settings.cluster:
        from litetts_cli.cluster.connect import check_address

        check_address(settings.cluster)
    book_options = BookOptions(
        output=output, fmt=get_format(fmt).name, split_chapters=split == "chapters", subtitles=subtitles,
        workers=workers, threads=threads, target_lufs=None if no_loudness else loudness,
        use_cache=not no_cache, pauses=pause_profile(settings), cluster=settings.cluster,
        gpus_per_actor=gpus_per_actor,
    )
    ingest = IngestOptions(include_front_matter=include_front_matter, markdown_chapter_level=heading_level,
                           read_tables=read_tables, limits=settings.limits)
    options = BatchOptions(output, book_options, layout, ingest)
    output.mkdir(parents=True, exist_ok=True)
    table = LiveTable()
    try:
        # Ray's driver prints its workers' errors on stdout; --json needs stdout for itself.
        with contextlib.redirect_stdout(sys.stderr), Live(
            get_renderable=table.render, console=console.err, refresh_per_second=4, transient=True
        ):
            result = run_batch(books, settings, options, table)
    except KeyboardInterrupt:
        console.error_line("interrupted; finished chunks and books are kept: run the same command again to resume")
        raise typer.Exit(130) from None
    if json:
        console.print_json(_result_json(result))
    else:
        _print_summary(result)
    for book in result.failed:  # on stderr with --json too: stdout stays machine-readable
        console.error_line(f"{book.source}: {book.error}")
    if result.failed:
        raise typer.Exit(1)


def _result_json(result) -> dict:
    return {
        "wall_seconds": round(result.wall_seconds, 3),
        "workers": result.workers,
        "threads": result.threads,
        "failed": len(result.failed),
        "books": [
            {
                "source": str(b.source), "status": b.status, "title": b.title, "author": b.author,
                "outputs": [str(p) for p in b.outputs], "error": b.error or None,
                "synthesized_chunks": b.result.synthesized if b.result else b.done_chunks,
                "reused_chunks": b.result.reused if b.result else b.reused,
                "audio_seconds": round(b.audio_seconds, 3),
                "chapters": [
                    {"number": c.number, "title": c.title, "audio_seconds": round(c.audio_seconds, 3)}
                    for c in b.result.chapters
                ] if b.result else [],
            }
            for b in result.books
        ],
    }


def _print_summary(result) -> None:
    table = Table(title="batch")
    for column in ("book", "status", "audio", "chunks", "output or reason"):
        table.add_column(column, justify="right" if column in ("audio", "chunks") else "left")
    for b in result.books:
        chunks = f"{b.result.synthesized} new, {b.result.reused} cached" if b.result else ""
        where = b.error if b.status == "failed" else (str(b.outputs[0]) if b.outputs else "")
        table.add_row((b.title or b.source.name)[:40], b.status, f"{b.audio_seconds / 60:.1f} min", chunks, where)
    console.out.print(table)
    counts = {s: sum(1 for b in result.books if b.status == s) for s in ("done", "skipped", "failed")}
    console.note(f"{counts['done']} converted, {counts['skipped']} already done, {counts['failed']} failed "
                 f"in {result.wall_seconds / 60:.1f} min with {result.workers} engine(s)")
