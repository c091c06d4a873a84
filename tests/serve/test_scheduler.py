"""The scheduler's turn order, backpressure, cancellation and failures, with a stand-in
engine that records which job each model call was for (each job has its own speed).

Real synthesis under the same scheduler is tested through HTTP in test_concurrency.py.
"""

from __future__ import annotations

import asyncio
import threading

import numpy as np
import pytest

from litetts_cli.assemble import Stitcher
from litetts_cli.engine.voices import VoiceLibrary
from litetts_cli.serve.scheduler import Scheduler, SchedulerFull, SpeechJob
from litetts_cli.speech import Speaker

CHUNK_SAMPLES = 4_800


class RecordingEngine:
    """Stands in for :class:`Engine`: a tone per call, the call's speed recorded."""

    def __init__(self, fail_at_speed: float | None = None):
        self.calls: list[float] = []
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.gate.set()
        self.fail_at_speed = fail_at_speed
        self._lock = threading.Lock()

    def synthesize(self, token_ids, style, speed=1.0) -> np.ndarray:
        with self._lock:
            self.calls.append(round(speed, 2))
        self.entered.set()
        self.gate.wait(30)
        if speed == self.fail_at_speed:
            raise RuntimeError("the model failed")
        return np.full(CHUNK_SAMPLES, 0.2, dtype=np.float32)


@pytest.fixture(scope="module")
def voice(installed_settings):
    return VoiceLibrary(installed_settings.voices_dir, installed_settings.custom_voices_dir).load("af_heart")


def paragraphs(count: int) -> str:
    return "\n\n".join(f"Paragraph number {n} is here." for n in range(1, count + 1))


def job_for(voice, text: str, speed: float) -> SpeechJob:
    speaker = Speaker(None, voice, speed, model_id="fake")
    return SpeechJob(speaker, speaker.iter_chunks(text), Stitcher(trim=False, tail_s=0.0), label=str(speed))


async def read_all(job: SpeechJob) -> bytes:
    return b"".join([data async for data in job.pcm()])


async def until(condition, what: str) -> None:
    for _ in range(3000):
        if condition():
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"gave up waiting for {what}")


def test_jobs_take_turns_one_chunk_each(voice):
    """A long job that is running does not keep the engine: later jobs get the next turns."""
    engine = RecordingEngine()

    async def scenario() -> list[bytes]:
        scheduler = Scheduler([engine], buffered_chunks=4)
        scheduler.start()
        try:
            engine.gate.clear()
            long_job = job_for(voice, paragraphs(6), 0.5)
            scheduler.submit(long_job)
            await until(engine.entered.is_set, "the long job on the engine")
            two_chunks = job_for(voice, paragraphs(2), 0.6)
            one_chunk = job_for(voice, paragraphs(1), 0.7)
            scheduler.submit(two_chunks)
            scheduler.submit(one_chunk)
            engine.gate.set()
            return await asyncio.gather(read_all(long_job), read_all(two_chunks), read_all(one_chunk))
        finally:
            scheduler.stop()

    outputs = asyncio.run(scenario())
    assert engine.calls[:5] == [0.5, 0.6, 0.7, 0.5, 0.6]
    assert sorted(engine.calls) == [0.5] * 6 + [0.6] * 2 + [0.7]
    for output, chunks in zip(outputs, (6, 2, 1)):
        assert len(output) >= 2 * CHUNK_SAMPLES * chunks


def test_a_job_whose_client_stops_reading_stops_taking_turns(voice):
    engine = RecordingEngine()

    async def scenario() -> None:
        scheduler = Scheduler([engine], buffered_chunks=1)
        scheduler.start()
        try:
            unread = job_for(voice, paragraphs(5), 0.5)
            scheduler.submit(unread)
            await until(lambda: engine.calls, "the first chunk")
            read = job_for(voice, paragraphs(3), 0.6)
            scheduler.submit(read)
            await read_all(read)
            assert engine.calls.count(0.5) == 1  # one chunk ahead of its reader, no more
            assert scheduler.queue_depth == 0 and scheduler.active == 1
            scheduler.cancel(unread)
            assert scheduler.active == 0
        finally:
            scheduler.stop()

    asyncio.run(scenario())


def test_a_cancelled_job_is_not_synthesized_further(voice):
    engine = RecordingEngine()

    async def scenario() -> None:
        scheduler = Scheduler([engine])
        scheduler.start()
        try:
            engine.gate.clear()
            job = job_for(voice, paragraphs(6), 0.5)
            scheduler.submit(job)
            await until(engine.entered.is_set, "the first chunk")
            scheduler.cancel(job)  # while its chunk is on the engine
            engine.gate.set()
            await until(lambda: scheduler.active == 0, "the cancelled job to leave")
            other = job_for(voice, paragraphs(1), 0.6)
            scheduler.submit(other)
            await read_all(other)
        finally:
            scheduler.stop()

    asyncio.run(scenario())
    assert engine.calls == [0.5, 0.6]
    assert engine.calls.count(0.5) == 1


def test_a_failing_chunk_fails_its_own_request_only(voice):
    engine = RecordingEngine(fail_at_speed=0.5)

    async def scenario() -> bytes:
        scheduler = Scheduler([engine])
        scheduler.start()
        try:
            broken = job_for(voice, paragraphs(3), 0.5)
            fine = job_for(voice, paragraphs(3), 0.6)
            scheduler.submit(broken)
            scheduler.submit(fine)
            with pytest.raises(RuntimeError, match="the model failed"):
                await read_all(broken)
            return await read_all(fine)
        finally:
            scheduler.stop()

    assert len(asyncio.run(scenario())) >= 2 * CHUNK_SAMPLES * 3
    assert engine.calls.count(0.5) == 1


def test_more_jobs_than_max_active_are_refused(voice):
    engine = RecordingEngine()

    async def scenario() -> None:
        scheduler = Scheduler([engine], max_active=2)
        scheduler.start()
        try:
            engine.gate.clear()
            jobs = [job_for(voice, paragraphs(2), speed) for speed in (0.5, 0.6)]
            for job in jobs:
                scheduler.submit(job)
            assert not scheduler.has_room()
            with pytest.raises(SchedulerFull):
                scheduler.submit(job_for(voice, paragraphs(1), 0.7))
            engine.gate.set()
            await asyncio.gather(*(read_all(job) for job in jobs))
            assert scheduler.has_room()
        finally:
            scheduler.stop()

    asyncio.run(scenario())
