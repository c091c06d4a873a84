"""`litetts book`: an EPUB, Markdown or text book to a chaptered audiobook."""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from litetts_cli.assemble import DEFAULT_TARGET_LUFS
from litetts_cli.cli import console
from litetts_cli.cli.common import settings_from
from litetts_cli.cli.options import Cluster, Device, DialogueVoice, GpusPerActor, Json, Lexicon, MaxInputSize, Model, NoCache, Speed, Voice, VoicesFile, finite
from litetts_cli.errors import OutputError, UsageError

SPLIT_CHOICES = ("none", "chapters")


class ProgressReporter:
    """Overall and per-chapter bars with ETA and live speed, on stderr."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.tasks: dict[int, int] = {}
        self.overall = None
        self.audio = 0.0
        self.started = time.perf_counter()

    def phase(self, name: str) -> None:
        if name == "assembling" and self.overall is not None:
            for task in self.tasks.values():
                self.progress.update(task, visible=False)
        console.err.print(f"[dim]{name}…[/dim]")

    def planned(self, chapters, reused, workers, threads) -> None:
        todo = sum(len([c for c in p.chunks if c.token_ids]) for p in chapters) - reused
        if reused:
            console.note(f"resuming: {reused} chunks already synthesized are reused")
        console.note(f"{todo} chunks to synthesize with {workers} worker(s) x {threads} thread(s)")
        self.overall = self.progress.add_task("book", total=max(todo, 1), speed="")
        for chapter in chapters:
            count = len([c for c in chapter.chunks if c.token_ids])
            title = (chapter.title or f"Chapter {chapter.number}")[:30]
            self.tasks[chapter.number] = self.progress.add_task(
                f"  {chapter.number}. {title}", total=max(count, 1), visible=False, speed="",
                completed=0,
            )
        if todo == 0:
            self.progress.update(self.overall, completed=1)

    def chunk_done(self, chapter: int, audio_seconds: float) -> None:
        self.audio += audio_seconds
        elapsed = time.perf_counter() - self.started
        speed = f"{self.audio / elapsed:.1f}x real time" if elapsed > 0 else ""
        self.progress.update(self.overall, advance=1, speed=speed)
        task = self.tasks.get(chapter)
        if task is not None:
            self.progress.update(task, advance=1, visible=True)
            if self.progress.tasks[task].finished:
                self.progress.update(task, visible=False)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[speed]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=console.err, transient=True,
    )


def book_command(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="An .epub, .pdf, .docx, .html, .md or .txt book (a name that starts with '-' goes after --).", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Audiobook file, or folder with --split chapters [default: BOOK.m4b here].", show_default=False)] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="m4b (default), mp3, opus, ogg, flac, wav, m4a.", show_default=False)] = None,
    split: Annotated[str, typer.Option("--split", help="'chapters' writes one file per chapter with track numbers.")] = "none",
    chapters: Annotated[Optional[str], typer.Option("--chapters", help="Only these chapters, by --list-chapters index (1-3,7) or title (a part's title selects all its chapters).", show_default=False)] = None,
    list_chapters: Annotated[bool, typer.Option("--list-chapters", help="Print the chapters (index, title, words, duration) and exit.")] = False,
    voice: Voice = None,
    speed: Speed = None,
    model: Model = None,
    device: Device = None,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Engine processes [default: one per core].", show_default=False)] = None,
    threads: Annotated[Optional[int], typer.Option("--threads", min=1, help="Threads per engine [default: cores / workers].", show_default=False)] = None,
    subtitles: Annotated[Optional[str], typer.Option("--subtitles", help="Also write sentence subtitles: srt or vtt.", show_default=False)] = None,
    subtitle_words: Annotated[bool, typer.Option("--subtitles-words", help="With --subtitles: also word-level cues (BOOK.words.srt).")] = False,
    timestamps: Annotated[Optional[str], typer.Option("--timestamps", help="Also write word and sentence start/end times: json (BOOK.timestamps.json).", show_default=False)] = None,
    loudness: Annotated[float, typer.Option("--loudness", min=-70.0, max=-5.0, callback=finite, help="Target loudness in LUFS (EBU R128), from -70 to -5.")] = DEFAULT_TARGET_LUFS,
    no_loudness: Annotated[bool, typer.Option("--no-loudness", help="Keep levels as synthesized.")] = False,
    include_front_matter: Annotated[bool, typer.Option("--include-front-matter", help="Also read cover, copyright and contents pages, and reference lists.")] = False,
    heading_level: Annotated[int, typer.Option("--heading-level", min=1, max=6, help="Markdown: heading level that starts a chapter.")] = 1,
    read_tables: Annotated[bool, typer.Option("--read-tables", help="Word and HTML: read tables row by row instead of skipping them.")] = False,
    toc_depth: Annotated[Optional[int], typer.Option("--toc-depth", min=1, max=10, help="EPUB: take chapters at this table-of-contents level (1 = top) [default: parts split into chapters, sections kept in theirs].", show_default=False)] = None,
    notes: Annotated[str, typer.Option("--notes", help="Footnotes and endnotes: skip, or end-of-chapter (read after their chapter).")] = "skip",
    languages: Annotated[Optional[str], typer.Option("--languages", help="Chapters to read by language: book (its own, default), all, or codes like en,fr.", show_default=False)] = None,
    cache_dir: Annotated[Optional[Path], typer.Option("--cache-dir", help="Chunk cache, which is also what resume uses [env LITETTS_CACHE_DIR].", show_default=False)] = None,
    lexicon: Lexicon = None,
    max_input_size: MaxInputSize = None,
    max_unpacked_size: Annotated[Optional[str], typer.Option("--max-unpacked-size", help="Refuse an EPUB whose files unpack to more than this, like 256M [default: 256M; env LITETTS_MAX_UNPACKED_SIZE].", show_default=False)] = None,
    no_cache: NoCache = False,
    cluster: Cluster = None, gpus_per_actor: GpusPerActor = None,
    dialogue_voice: DialogueVoice = None, voices_file: VoicesFile = None,
    verify: Annotated[bool, typer.Option("--verify", help="Proofread: transcribe each chunk with Whisper tiny.en and list passages heard unlike the text in BOOK.verify.md (needs litetts[quality]; docs/verify.md).")] = False,
    verify_report: Annotated[Optional[Path], typer.Option("--verify-report", help="Where --verify writes its report (.md, or .json) [default: BOOK.verify.md].", show_default=False)] = None,
    read_along: Annotated[Optional[Path], typer.Option("--read-along", help="EPUB 3: write the book's own EPUB with its audio and Media Overlays (each sentence highlighted as it is spoken) instead of an audiobook.", show_default=False)] = None,
    json: Json = False,
) -> None:
    """Turn a book into an audiobook with titled chapters, cover and tags.

    \b
    Interrupted (Ctrl-C, a crash, kill -9)? Run the same command again: finished
    chunks are reused from the cache.
    \b
    Examples:
      litetts book novel.epub                     # -> novel.m4b
      litetts book novel.epub --list-chapters
      litetts book novel.epub --chapters 2-4 -o part.mp3
      litetts book notes.md --split chapters -f mp3 -o notes/
      litetts book paper.pdf --list-chapters --json
      litetts book novel.epub --read-along novel-readalong.epub
      litetts book -- -draft.md                  # a name that starts with '-'
    """
    from litetts_cli.book.dialogue import checked_cast
    from litetts_cli.book.pipelined import convert_book
    from litetts_cli.book.run import BookOptions, estimate_seconds
    from litetts_cli.encode import check_not_an_input, get_format, resolve_format
    from litetts_cli.book.contents import listing, word_account
    from litetts_cli.book.languages import reading_for
    from litetts_cli.ingest import IngestOptions, load_document, select_chapters
    from litetts_cli.ingest.language import parse_languages
    from litetts_cli.speech import pause_profile

    if split not in SPLIT_CHOICES:
        raise UsageError(f"unknown --split {split!r}", hint="use --split chapters, or leave it out")
    if subtitles is not None and subtitles not in ("srt", "vtt"):
        raise UsageError(f"unknown subtitle format {subtitles!r}", hint="use srt or vtt")
    if subtitle_words and subtitles is None:
        raise UsageError("--subtitles-words needs a subtitle format", hint="add --subtitles srt or --subtitles vtt")
    if timestamps is not None and timestamps != "json":
        raise UsageError(f"unknown timestamps format {timestamps!r}", hint="use --timestamps json")
    if (subtitles or timestamps) and split == "chapters":
        raise UsageError("subtitles and timestamps follow one audio file", hint="leave out --split chapters")
    package = None
    if read_along is not None:
        from litetts_cli.readalong.run import check_read_along

        if output is not None or fmt or split == "chapters" or subtitles or timestamps:
            raise UsageError("--read-along writes only the EPUB, its audio inside",
                             hint="leave out -o, --format, --split, --subtitles and --timestamps")
        package = check_read_along(source, read_along)
    settings = settings_from(ctx, voice=voice, speed=speed, model=model, cache_dir=cache_dir, lexicon=lexicon,
                             max_input_size=max_input_size, max_unpacked_size=max_unpacked_size, cluster=cluster,
                             device=device)
    if settings.cluster:
        from litetts_cli.cluster.connect import check_address

        check_address(settings.cluster)
    document = load_document(source, IngestOptions(
        include_front_matter=include_front_matter, markdown_chapter_level=heading_level, read_tables=read_tables,
        limits=settings.limits, toc_depth=toc_depth, notes=notes, languages=parse_languages(languages),
    ))
    for warning in document.warnings:
        console.warn(warning)
    # A voice named anywhere (option, environment, config file) reads every chapter;
    # otherwise each chapter's language picks its own.
    chosen_voice = settings.voice if settings.voice_given else None
    if list_chapters:
        contents = listing(document, settings.speed, chosen_voice)
        if json:
            console.print_json(contents)
        else:
            _print_chapter_table(document, contents["chapters"])
        return
    numbered = list(enumerate(document.chapters, start=1))
    if chapters:
        picked = select_chapters(document.chapters, chapters)
        numbered = [(n, c) for n, c in numbered if any(c is p for p in picked)]
    if package is not None:
        from litetts_cli.readalong.run import AUDIO_FORMAT

        check_not_an_input(read_along, [source, settings.lexicon, settings.config_file])
        # Chapter files land here (made when the first is written) and go into the EPUB.
        out_format, target = AUDIO_FORMAT, Path(tempfile.gettempdir()) / f"litetts-readalong-{uuid.uuid4().hex}"
    elif split == "chapters":
        out_format = get_format(fmt or "mp3").name
        target = output or Path(source.stem)
    else:
        if output is not None:
            out_format = resolve_format(output, fmt).name
            target = output
        else:
            out_format = get_format(fmt or "m4b").name
            target = Path(f"{source.stem}.{get_format(out_format).extension}")
    if split == "chapters" and target.exists() and not target.is_dir():
        raise OutputError(
            f"--split chapters writes a folder of files, but {target} is a file",
            hint="give -o a folder name (it is created if missing)",
        )
    inputs = [source, settings.lexicon, settings.config_file, voices_file]
    check_not_an_input(target, inputs)
    if subtitles and split != "chapters":  # written next to the audio: talk.srt -> talk.m4b + talk.srt
        check_not_an_input(target.with_suffix(f".{subtitles}"), inputs)
        if subtitle_words:
            check_not_an_input(target.with_suffix(f".words.{subtitles}"), inputs)
    if timestamps:
        check_not_an_input(target.with_suffix(".timestamps.json"), inputs)
    if verify_report is not None and not verify:
        raise UsageError("--verify-report needs --verify", hint="add --verify")
    if verify:
        from litetts_cli.verify.whisper import whisper_model

        verify_report = verify_report or (read_along.with_suffix(".verify.md") if package is not None
                                          else _verify_path(target, split == "chapters"))
        check_not_an_input(verify_report, inputs)
        whisper_model(settings.threads or 2)  # a missing extra fails now, not after synthesis
    document = _checked_cover(document)
    options = BookOptions(
        output=target, fmt=out_format, split_chapters=split == "chapters" or package is not None, subtitles=subtitles,
        subtitle_words=subtitle_words, timestamps=timestamps, gpus_per_actor=gpus_per_actor,
        workers=workers, threads=threads, target_lufs=None if no_loudness else loudness,
        use_cache=not no_cache, pauses=pause_profile(settings), cluster=settings.cluster,
        dialogue=checked_cast(settings, dialogue_voice, voices_file), verify=verify,
    )
    # Before any synthesis: a chapter in a language Kokoro has no voice for is an error now.
    readings = {n: reading_for(c, document, chosen_voice) for n, c in numbered}
    estimate = estimate_seconds([c for _, c in numbered], settings.speed)
    if not json:
        console.note(f"{document.title or source.name}: {len(numbered)} chapters, about {estimate / 3600:.1f} h of audio")
    try:
        # Ray's driver prints its workers' errors on stdout; --json needs stdout for itself.
        with contextlib.redirect_stdout(sys.stderr), _progress() as progress:
            result = convert_book(document, numbered, settings, options, ProgressReporter(progress), readings)
        if package is not None:
            from litetts_cli.cli.readalong import write_read_along

            write_read_along(package, read_along, result, readings, settings, quiet=json)
    except KeyboardInterrupt:
        console.error_line(
            "interrupted; finished chunks are saved in the cache: run the same command again to resume"
        )
        raise typer.Exit(130) from None
    finally:
        if package is not None:
            shutil.rmtree(target, ignore_errors=True)
    if result.verify is not None:
        from litetts_cli.verify.proofread import write_report

        write_report(result.verify, verify_report, document.title or source.name)
    if json:
        summary = _result_json(result, document, dict(numbered), readings, word_account(document))
        if result.verify is not None:
            summary["verify"] = {**result.verify.as_json(), "report": str(verify_report)}
        console.print_json(summary)
    else:
        _print_summary(result)
        if result.verify is not None:
            _print_verify(result.verify, verify_report)


def _verify_path(target: Path, split: bool) -> Path:
    """BOOK.verify.md next to the audiobook, or inside the folder of split chapters."""
    return target / "verify.md" if split else target.with_suffix(".verify.md")


def _print_verify(report, path: Path) -> None:
    cost = f"{report.audio_seconds / 60:.1f} min of audio checked in {report.seconds:.0f} s"
    if report.suspects:
        console.warn(f"--verify: {len(report.suspects)} suspect passage(s) listed in {path} ({cost})")
    else:
        console.note(f"--verify: no suspect passages ({cost}); report in {path}")


def _checked_cover(document):
    """The document, without its cover when the image cannot be decoded: a broken
    cover must not fail the book after hours of synthesis (issue 20)."""
    from dataclasses import replace

    from litetts_cli.encode import cover_problem

    if document.cover is None:
        return document
    problem = cover_problem(document.cover)
    if problem is None:
        return document
    console.warn(f"the cover image cannot be used ({problem}); the audiobook will have no cover")
    return replace(document, cover=None, cover_mime="")


def _print_chapter_table(document, rows) -> None:
    table = Table(title=document.title or "chapters")
    for column in ("#", "title", "words", "duration", "language", "voice", "not read"):
        table.add_column(column, justify="right" if column in ("#", "words", "duration") else "left")
    for row in rows:
        minutes = row["duration_s"] / 60 if "duration_s" in row else row.get("estimated_seconds", 0) / 60
        skipped = ", ".join(f"{n} {reason}" for reason, n in row.get("skipped", {}).items())
        table.add_row(str(row["index"]), row["title"], str(row["words"]), f"{minutes:.1f} min",
                      row.get("language", ""), row.get("voice") or "(none)", skipped)
    console.out.print(table)


def _result_json(result, document, by_number, readings, account) -> dict:
    from litetts_cli.book.languages import chapter_language

    def chapter(c) -> dict:
        source = by_number[c.number]
        return {"number": c.number, "title": c.title, "words": c.words, "chunks": c.chunks,
                "reused": c.reused, "start_seconds": round(c.start_seconds, 3),
                "audio_seconds": round(c.audio_seconds, 3), "suspects": c.suspects,
                "language": readings[c.number].language
                or chapter_language(source, document, readings[c.number].voice),
                "voice": readings[c.number].voice,
                "skipped": dict(source.skipped_words)}

    return {
        "outputs": [str(p) for p in result.outputs],
        "audio_seconds": round(result.audio_seconds, 3),
        "wall_seconds": round(result.wall_seconds, 3),
        "synthesized_chunks": result.synthesized,
        "reused_chunks": result.reused,
        "retried_chunks": result.retried,
        "loudness_lufs": result.loudness_lufs,
        "gain_db": round(result.gain_db, 2),
        "subtitles": str(result.subtitles) if result.subtitles else None,
        "timing_files": [str(p) for p in result.timing_files],
        "timing": _timing_json(result.timing),
        "workers": result.workers,
        "threads": result.threads,
        "stages": result.stages,
        "worker_rss_bytes": {str(pid): list(v) for pid, v in result.worker_rss.items()},
        "language": document.language,
        "words": account,
        "chapters": [chapter(c) for c in result.chapters],
        "skipped": [{"title": s.title, "reason": s.reason, "words": s.words} for s in document.skipped],
    }


def _timing_json(timing) -> dict | None:
    if timing is None or not (timing.exact_chunks or timing.estimated_chunks):
        return None
    return {"method": timing.method, "exact_chunks": timing.exact_chunks,
            "estimated_chunks": timing.estimated_chunks}


def _timing_note(result) -> str:
    """Why cues are estimated, when some are: what the user can do about it."""
    timing = result.timing
    if not (result.subtitles or result.timing_files) or timing is None or not timing.estimated_chunks:
        return ""
    return (f"{timing.estimated_chunks} of {timing.exact_chunks + timing.estimated_chunks} chunks timed by estimate "
            "(the model gave no word durations: use the default converted model for exact timing)")


def _print_summary(result) -> None:
    table = Table(title="audiobook")
    for column in ("#", "chapter", "words", "audio", "words/min", "reused", "problems"):
        table.add_column(column, justify="left" if column == "chapter" else "right")
    for c in result.chapters:
        wpm = c.words / (c.audio_seconds / 60) if c.audio_seconds else 0
        table.add_row(str(c.number), (c.title or "")[:40], str(c.words), f"{c.audio_seconds / 60:.1f} min",
                      f"{wpm:.0f}", f"{c.reused}/{c.chunks}", str(len(c.suspects)) if c.suspects else "")
    console.out.print(table)
    for c in result.chapters:
        for problem in c.suspects:
            console.warn(f"chapter {c.number}: {problem}")
    if note := _timing_note(result):
        console.warn(note)
    speed = result.audio_seconds / result.wall_seconds if result.wall_seconds else 0
    console.note(
        f"wrote {', '.join(str(p) for p in result.outputs[:3])}{' …' if len(result.outputs) > 3 else ''}: "
        f"{result.audio_seconds / 60:.1f} min of audio in {result.wall_seconds / 60:.1f} min "
        f"({speed:.1f}x real time; {result.synthesized} chunks synthesized, {result.reused} reused)"
    )
