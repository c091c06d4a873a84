"""Convert many books with one pool: every book's chunks feed the same engines.

Books are planned one after another on a thread while the pool synthesizes, so the
next book's chunks are queued before the last one's are done and the engines never
wait between books. A book whose chunks are all in the cache is assembled and encoded
on another thread while synthesis goes on. A book that fails (a damaged EPUB, an
output that cannot be written) fails alone: its reason is kept for the summary and the
batch carries on. The chunk cache makes an interrupted batch resume: run it again.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Iterator, Protocol

from litetts_cli import SAMPLE_RATE
from litetts_cli.batch.layout import assign_target
from litetts_cli.batch.state import BatchState, file_digest, options_digest
from litetts_cli.book.languages import reading_for
from litetts_cli.book.plan import plan_conversion
from litetts_cli.book.run import finish_book
from litetts_cli.book.synthesize import open_pool, pool_setup
from litetts_cli.book.types import BookOptions, BookPlan, BookResult, Synthesis
from litetts_cli.config import Settings, with_model
from litetts_cli.encode import check_encoder, get_format
from litetts_cli.engine.device import TORCH_MODEL
from litetts_cli.engine.engine import resolve_layout
from litetts_cli.engine.jobs import ChunkJob, PoolSetup
from litetts_cli.errors import LitettsError
from litetts_cli.ingest import IngestOptions, load_document
from litetts_cli.speech import device_for, load_voice, model_identity, model_path
from litetts_cli.store.cache import AudioCache


@dataclass(frozen=True)
class BatchOptions:
    outdir: Path
    book: BookOptions
    """Per-book options; its ``output`` is ignored (each book's comes from the layout)."""
    layout: str = "audiobookshelf"
    ingest: IngestOptions = field(default_factory=IngestOptions)


@dataclass
class BookEntry:
    """One book of the batch, as the live table and the summary show it."""

    source: Path
    status: str = "queued"
    """queued, planning, synthesizing, assembling, done, skipped or failed."""
    title: str = ""
    author: str = ""
    outputs: list[Path] = field(default_factory=list)
    error: str = ""
    chunks: int = 0
    """Chunks to synthesize (those the cache lacks)."""
    done_chunks: int = 0
    reused: int = 0
    audio_seconds: float = 0.0
    result: BookResult | None = None
    fingerprint: str = ""


@dataclass
class BatchResult:
    books: list[BookEntry]
    wall_seconds: float
    workers: int
    threads: int

    @property
    def failed(self) -> list[BookEntry]:
        return [b for b in self.books if b.status == "failed"]


class BatchReporter(Protocol):
    def changed(self, entry: BookEntry) -> None: ...


class QuietReporter:
    def changed(self, entry: BookEntry) -> None:
        pass


class _Batch:
    """The state of one run: entries, plans, the threads and the state file."""

    def __init__(self, sources: list[Path], settings: Settings, options: BatchOptions, reporter: BatchReporter):
        self.settings = settings
        self.options = options
        self.reporter = reporter
        self.entries = [BookEntry(source) for source in sources]
        self.state = BatchState(options.outdir)
        self.lock = threading.Lock()
        self.taken: set[Path] = set()
        self.prepared: dict[int, BookPlan] = {}
        self.synthesis: dict[int, Synthesis] = {}
        """What the pool did for each book (its layout is the batch's, set at assembly)."""
        self.remaining: dict[int, int] = {}
        self.owner: dict[int, tuple[int, int, int]] = {}
        """Global job id -> (entry index, chapter number, chunk index in its book)."""
        self.assembly: list[Future] = []

    def set(self, index: int, **changes) -> None:
        entry = self.entries[index]
        with self.lock:
            for name, value in changes.items():
                setattr(entry, name, value)
        self.reporter.changed(entry)

    def fail(self, index: int, error: Exception) -> None:
        reason = error.one_line() if isinstance(error, LitettsError) else f"{type(error).__name__}: {error}"
        self.set(index, status="failed", error=reason)


def _fingerprints(batch: _Batch) -> None:
    """Each book's fingerprint; books done and unchanged are skipped (their files kept)."""
    o = batch.options
    settings = batch.settings
    lexicon = settings.lexicon
    shared = options_digest({
        "book": replace(o.book, output=Path("."), workers=None, threads=None, use_cache=True, cluster=None,
                        gpus_per_actor=None),
        "layout": o.layout, "ingest": o.ingest, "model": model_identity(settings),
        "voice": settings.voice if settings.voice_given else None, "speed": settings.speed,
        "lexicon": file_digest(lexicon) if lexicon and lexicon.is_file() else None,
    })
    for index, entry in enumerate(batch.entries):
        try:
            entry.fingerprint = options_digest({"source": file_digest(entry.source), "options": shared})
        except OSError:
            continue  # unreadable: the reader fails it with its reason
        done = batch.state.done(entry.fingerprint)
        if done:
            batch.taken.update(done["outputs"])
            batch.set(index, status="skipped", outputs=done["outputs"], title=done.get("title", ""),
                      author=done.get("author", ""))


def _prepare(batch: _Batch, index: int, cache: AudioCache) -> BookPlan | None:
    entry = batch.entries[index]
    o = batch.options
    batch.set(index, status="planning")
    try:
        document = load_document(entry.source, o.ingest)
        author = document.author or ""
        fmt = get_format(o.book.fmt)
        target = assign_target(o.outdir, o.layout, author, document.title, entry.source.stem,
                               fmt.extension, o.book.split_chapters, batch.taken)
        target.parent.mkdir(parents=True, exist_ok=True)
        chapters = list(enumerate(document.chapters, start=1))
        # Each chapter in its own language's voice unless a voice was named, as `book` does.
        chosen = batch.settings.voice if batch.settings.voice_given else None
        readings = {n: reading_for(c, document, chosen) for n, c in chapters}
        book = plan_conversion(document, chapters, batch.settings, replace(o.book, output=target),
                               readings=readings, cache=cache)
    except Exception as error:  # one book's failure is reported, the batch goes on
        batch.fail(index, error)
        return None
    batch.set(index, status="synthesizing" if book.jobs else "assembling", title=document.title or entry.source.stem,
              author=author, chunks=len(book.jobs), reused=book.reused)
    return book


def _jobs(batch: _Batch, planning: list[tuple[int, Future]], assembler: ThreadPoolExecutor) -> Iterator[ChunkJob]:
    """Every book's missing chunks in book order, with ids unique across the batch."""
    next_id = 0
    for index, future in planning:
        book = future.result()
        if book is None:
            continue
        batch.prepared[index] = book
        batch.synthesis[index] = Synthesis(batch.workers, batch.threads)
        batch.remaining[index] = len(book.jobs)
        if not book.jobs:
            batch.assembly.append(assembler.submit(_assemble, batch, index))
            continue
        for chapter, job in book.jobs:
            batch.owner[next_id] = (index, chapter, job.id)
            yield replace(job, id=next_id)
            next_id += 1


def _assemble(batch: _Batch, index: int) -> None:
    book = batch.prepared.pop(index)
    synthesis = replace(batch.synthesis.pop(index), workers=batch.workers, threads=batch.threads)
    entry = batch.entries[index]
    batch.set(index, status="assembling")
    try:
        result = finish_book(book, synthesis)
        outputs = list(result.outputs) + ([result.subtitles] if result.subtitles else [])
        with batch.lock:
            batch.state.record(entry.fingerprint, entry.source, outputs, entry.title, entry.author)
        batch.set(index, status="done", outputs=outputs, result=result, audio_seconds=result.audio_seconds)
    except Exception as error:
        batch.fail(index, error)
    finally:
        book.release()


def run_batch(sources: list[Path], settings: Settings, options: BatchOptions,
              reporter: BatchReporter = QuietReporter()) -> BatchResult:
    """Convert ``sources`` into ``options.outdir``; a failed book does not stop the others."""
    started = time.perf_counter()
    # The engines' device decides the model and cache keys; on a cluster, its GPUs count.
    settings = replace(settings, cluster=options.book.cluster)
    if device_for(settings).gpu:
        settings = with_model(settings, TORCH_MODEL)  # the torch engine reads the bundled model's weights
    batch = _Batch(sources, settings, options, reporter)
    check_encoder(options.book.fmt)  # a missing encoder fails every book: say so before any work
    model_file = model_path(settings)  # the default model is made on first use, before cache keys name it
    private = None if options.book.use_cache else Path(tempfile.mkdtemp(prefix="litetts-nocache-"))
    cache = AudioCache(private or settings.cache_dir)
    asked = options.book.workers or settings.workers
    batch.workers, batch.threads = resolve_layout(asked, options.book.threads or settings.threads)
    _fingerprints(batch)
    todo = [i for i, e in enumerate(batch.entries) if e.status == "queued"]
    planner_thread = ThreadPoolExecutor(1, thread_name_prefix="litetts-plan")
    assembler = ThreadPoolExecutor(1, thread_name_prefix="litetts-assemble")
    try:
        planning = [(i, planner_thread.submit(_prepare, batch, i, cache)) for i in todo]
        jobs = _jobs(batch, planning, assembler)
        first = next(jobs, None)
        if first is not None:
            setup = pool_setup(settings, model_file, model_identity(settings), cache, batch.threads,
                               {settings.voice: load_voice(settings)})
            _synthesize(batch, chain([first], jobs), setup, asked=asked, cluster=options.book.cluster,
                        gpus_per_actor=options.book.gpus_per_actor, assembler=assembler)
        for future in batch.assembly:
            future.result()
    finally:
        planner_thread.shutdown(wait=True, cancel_futures=True)
        assembler.shutdown(wait=True, cancel_futures=True)
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)
    return BatchResult(batch.entries, time.perf_counter() - started, batch.workers, batch.threads)


def _synthesize(batch: _Batch, jobs: Iterator[ChunkJob], setup: PoolSetup, *, asked: int | None,
                cluster: str | None, gpus_per_actor: float | None,
                assembler: ThreadPoolExecutor) -> None:
    """Run every book's ``jobs`` through one pool; a book whose last chunk is in goes to
    ``assembler``. ``asked``: the workers the user asked for (a cluster's own count if None);
    ``gpus_per_actor``: each GPU actor's share of a GPU on a cluster (None: the default)."""
    limit = 1 << 30  # the batch's chunk count is known only once every book is planned
    with open_pool(setup, asked if cluster else batch.workers, limit, cluster, gpus_per_actor) as pool:
        batch.workers = pool.workers
        for result in pool.run(jobs):
            index, chapter, chunk_index = batch.owner.pop(result.id)
            batch.synthesis[index].record(chapter, replace(result, id=chunk_index))
            entry = batch.entries[index]
            batch.set(index, done_chunks=entry.done_chunks + 1,
                      audio_seconds=entry.audio_seconds + result.samples / SAMPLE_RATE)
            batch.remaining[index] -= 1
            if batch.remaining[index] == 0:
                batch.assembly.append(assembler.submit(_assemble, batch, index))
