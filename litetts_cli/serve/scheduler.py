"""Fair sharing of the engines between requests: one chunk at a time, round robin.

Every speech request is a :class:`SpeechJob`: its chunk plan, a Stitcher, and a queue of
16-bit PCM that its HTTP response reads. Engine threads (one renderer of the in-process
backend each, its engine loaded once; ONNX Runtime releases the GIL while it runs) take
the job at the head of the line, render one chunk job of it, and send it to the back. A long request therefore advances
one chunk per turn like everyone else, and a one-sentence request that arrives while
it runs waits for at most one chunk per engine before its own turn.

A job has at most one chunk in flight, which keeps its audio in order without any
reordering, and at most ``buffered_chunks`` chunks its client has not read yet: a client
that stops reading stops taking engine time, and one that disconnects is cancelled.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator, Sequence

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.assemble import Stitcher
from litetts_cli.audio import to_pcm16
from litetts_cli.engine.chunking import Chunk
from litetts_cli.engine.inprocess import InProcessBackend
from litetts_cli.engine.render import AudioEngine, ChunkRenderer, VoiceTable
from litetts_cli.g2p.markup import plain_text
from litetts_cli.serve.metrics import Metrics
from litetts_cli.speech import Speaker
from litetts_cli.store.cache import AudioCache
from litetts_cli.timing.words import placed_word_times

__all__ = ["SchedulerFull", "Scheduler", "SpeechJob", "ServerStopping"]

log = logging.getLogger("litetts.serve")

_END = object()


class SchedulerFull(Exception):
    """As many requests as the server takes are already synthesizing."""


class ServerStopping(Exception):
    """The server shut down before this request's audio was finished."""


class SpeechJob:
    """One request's synthesis, advanced a chunk at a time by the scheduler."""

    def __init__(self, speaker: Speaker, chunks: Iterator[Chunk], stitcher: Stitcher, label: str = ""):
        self.speaker = speaker
        self.stitcher = stitcher
        self.label = label
        self._chunks = chunks
        self._upcoming: Chunk | None = None
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue = asyncio.Queue()
        self._scheduler: Scheduler | None = None
        # Guarded by the scheduler's lock:
        self.buffered = 0
        self.in_flight = False
        self.cancelled = False
        self.finished = False
        self.chunks_done = 0
        self.words: list[tuple[str, float, float]] | None = None
        """(word, start s, end s) in the job's audio, collected when set to a list
        (captioned speech); left None, nothing is collected."""

    def step(self, renderer: ChunkRenderer) -> tuple[bytes, bool]:
        """Synthesize the next chunk (in an engine thread); (PCM bytes, whether done).

        The chunk after it is planned here too, so the last chunk comes with the
        closing silence instead of costing the job one more turn.
        """
        chunk = next(self._chunks, None) if self._upcoming is None else self._upcoming
        blocks = []
        if chunk is not None:
            # Streaming: no second take of a doubtful chunk, so each turn stays one chunk long.
            audio = np.zeros(0, dtype=np.float32)
            if chunk.token_ids:
                job = self.speaker.job(chunk, return_audio=True, retry_bad_takes=False)
                result = renderer.render(job)
                audio, durations = result.audio, result.durations
            blocks = self.stitcher.add(audio, chunk.boundary, pause_s=chunk.pause, text=chunk.text)
            if self.words is not None and chunk.token_ids:
                spoken = plain_text(chunk.text)
                self.words += placed_word_times(spoken, chunk.phonemes, durations, self.stitcher.spans[-1],
                                                self.speaker.g2p.phonemize)
        self._upcoming = next(self._chunks, None)
        done = self._upcoming is None
        if done:
            blocks += self.stitcher.finish()
        return b"".join(to_pcm16(block) for block in blocks), done

    def _deliver(self, item: object) -> bool:
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)
            return True
        except RuntimeError:  # the event loop is closed: nobody is listening any more
            return False

    async def pcm(self) -> AsyncIterator[bytes]:
        """The job's audio as s16le mono bytes, in order, as chunks are synthesized.

        Raises whatever synthesis raised (or :class:`ServerStopping`).
        """
        while True:
            item = await self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            if self._scheduler is not None:
                self._scheduler.consumed(self)
            if item:
                yield item


class Scheduler:
    """Engine threads serving speech jobs round robin, one chunk per turn."""

    def __init__(
        self,
        engines: Sequence[AudioEngine],
        *,
        max_active: int = 8,
        buffered_chunks: int = 4,
        metrics: Metrics | None = None,
        cache: AudioCache | None = None,
        model_id: str = "",
    ):
        if not engines:
            raise ValueError("the scheduler needs at least one engine")
        self.engines = list(engines)
        self.voices = VoiceTable()
        """Each request's voice, added when it is submitted (jobs name their voice)."""
        self.backend = InProcessBackend(self.engines, self.voices, cache, model_id)
        self.max_active = max_active
        self.buffered_chunks = buffered_chunks
        self.metrics = metrics or Metrics()
        self._cond = threading.Condition()
        self._line: deque[SpeechJob] = deque()
        """Jobs waiting for their next turn, in turn order."""
        self._active: set[SpeechJob] = set()
        self._threads: list[threading.Thread] = []
        self._stopping = False

    # -- state -----------------------------------------------------------------------
    @property
    def active(self) -> int:
        """Requests synthesizing now (waiting for a turn, or on an engine)."""
        with self._cond:
            return len(self._active)

    @property
    def queue_depth(self) -> int:
        """Requests ready for their next chunk and waiting for a free engine."""
        with self._cond:
            return sum(1 for job in self._line if job.buffered < self.buffered_chunks)

    def has_room(self) -> bool:
        with self._cond:
            return len(self._active) < self.max_active

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        with self._cond:
            self._stopping = False
        for number, renderer in enumerate(self.backend.renderers):
            thread = threading.Thread(
                target=self._run, args=(renderer,), name=f"litetts-engine-{number}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the engine threads (a chunk in flight finishes first); unfinished jobs
        end with :class:`ServerStopping`."""
        with self._cond:
            self._stopping = True
            for job in self._active:
                job.cancelled = True
                job._deliver(ServerStopping("the server is shutting down"))
            self._active.clear()
            self._line.clear()
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    # -- jobs ------------------------------------------------------------------------
    def submit(self, job: SpeechJob) -> None:
        """Queue a job at the back of the line.

        Raises:
            SchedulerFull: ``max_active`` jobs are already running.
        """
        with self._cond:
            if self._stopping:
                raise SchedulerFull("the server is shutting down")
            if len(self._active) >= self.max_active:
                raise SchedulerFull(f"{len(self._active)} requests are already being synthesized")
            job._scheduler = self
            self.voices.add(job.speaker.voice)
            self._active.add(job)
            self._line.append(job)
            self._cond.notify()

    def cancel(self, job: SpeechJob) -> None:
        """Stop a job; a chunk on an engine now is finished and dropped."""
        with self._cond:
            if job.cancelled or job.finished:
                return
            job.cancelled = True
            if job in self._line:
                self._line.remove(job)
            if not job.in_flight:
                self._active.discard(job)
            self._cond.notify_all()
        self.metrics.speech_cancelled()

    def consumed(self, job: SpeechJob) -> None:
        """The job's client took one chunk: it may run ahead again."""
        with self._cond:
            job.buffered = max(0, job.buffered - 1)
            self._cond.notify()

    def _next_job(self) -> SpeechJob | None:
        for job in self._line:
            if job.buffered < self.buffered_chunks:
                self._line.remove(job)
                return job
        return None

    def _run(self, renderer: ChunkRenderer) -> None:
        while True:
            with self._cond:
                job = None
                while not self._stopping and (job := self._next_job()) is None:
                    self._cond.wait()
                if self._stopping:
                    return
                job.in_flight = True
            started = time.perf_counter()
            position = job.stitcher.position
            error: Exception | None = None
            data, done = b"", False
            try:
                data, done = job.step(renderer)
            except Exception as exc:  # any failure ends this job only, never the thread
                log.exception("synthesis failed for %s", job.label or "a request")
                error = exc
            elapsed = time.perf_counter() - started
            with self._cond:
                job.in_flight = False
                if job.cancelled:
                    self._active.discard(job)
                    self._cond.notify_all()
                    continue
                if error is None:
                    job.chunks_done += 1
                    self.metrics.chunk_done((job.stitcher.position - position) / SAMPLE_RATE, elapsed)
                # Delivered under the lock, before the job can get its next turn, so the
                # response reads its chunks in order whichever thread made them.
                if error is not None:
                    delivered = job._deliver(error)
                else:
                    job.buffered += 1
                    delivered = job._deliver(data)
                    if done and delivered:
                        job._deliver(_END)
                if error is not None or done or not delivered:
                    job.finished = True
                    self._active.discard(job)
                else:
                    self._line.append(job)
                self._cond.notify_all()
