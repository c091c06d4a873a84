"""The book's worker pool with the real default model: one engine per worker, kept."""

from __future__ import annotations

import numpy as np

from litetts_cli.engine.engine import EngineOptions
from litetts_cli.engine.jobs import ChunkJob, PoolSetup
from litetts_cli.engine.pool import EnginePool
from litetts_cli.g2p import espeak
from litetts_cli.g2p.tokens import to_ids
from litetts_cli.speech import load_voice, model_path

LONG = (
    "The old lighthouse keeper climbed the winding stairs at dusk, counting every step "
    "as he went, while the grey sea folded itself against the rocks far below him. "
) * 3


def test_a_worker_survives_its_arena_growing_to_the_longest_chunk(installed_settings, tmp_path):
    # loky restarts a worker that grows 300 MB past its size after the first job; a short
    # heading followed by a long paragraph grows ONNX Runtime's arena by more than that.
    voice = load_voice(installed_settings, "af_heart")
    long_phonemes = espeak.phonemize(LONG, "en-us")[:480].rsplit(" ", 1)[0]  # within one call
    assert 400 < len(to_ids(long_phonemes)) <= 510
    setup = PoolSetup(
        model_path=str(model_path(installed_settings)),
        engine=EngineOptions(threads=1),
        model_id="pool-test",
        cache_dir=str(tmp_path / "cache"),
        voices={voice.name: voice.pack.astype(np.float32).tobytes()},
    )

    def job(number: int, phonemes: str) -> ChunkJob:
        return ChunkJob(number, phonemes, voice.name, 1.0, cache_key=f"{number:064x}")

    jobs = [job(0, espeak.phonemize("Chapter one.", "en-us")), job(1, long_phonemes)]
    jobs += [job(n, espeak.phonemize(f"Sentence {n}.", "en-us")) for n in range(2, 6)]
    with EnginePool.open(setup, 1) as pool:
        results = sorted(pool.run(iter(jobs)), key=lambda r: r.id)
    assert [r.id for r in results] == list(range(6))
    assert all(r.status == "ok" for r in results)
    assert results[1].worker.rss_bytes - results[0].worker.rss_bytes > 300 * 2**20  # the growth loky sees
    assert len({r.worker.pid for r in results}) == 1  # one engine, loaded once and kept


def test_one_pool_serves_two_voices_and_speeds_and_caches_what_it_renders(installed_settings, tmp_path):
    # Jobs name their voice: af_heart comes in the table, bf_emma is loaded from the
    # store by the worker on first use; each job has its own speed.
    heart = load_voice(installed_settings, "af_heart")
    setup = PoolSetup(
        model_path=str(model_path(installed_settings)),
        engine=EngineOptions(threads=1),
        model_id="pool-test",
        cache_dir=str(tmp_path / "cache"),
        voices={heart.name: heart.pack.astype(np.float32).tobytes()},
        voices_dir=str(installed_settings.voices_dir),
        custom_voices_dir=str(installed_settings.custom_voices_dir),
    )
    phonemes = espeak.phonemize("Good morning to you all.", "en-us")
    jobs = [
        ChunkJob(("a", 0), phonemes, "af_heart", 1.0, cache_key="a" * 64, return_audio=True),
        ChunkJob(("b", 0), phonemes, "bf_emma", 1.0, cache_key="b" * 64, return_audio=True),
        ChunkJob(("b", 1), phonemes, "bf_emma", 1.5, cache_key="c" * 64, return_audio=True),
    ]
    with EnginePool.open(setup, 1, backend="inprocess") as pool:
        first = {r.id: r for r in pool.run(jobs)}
        again = {r.id: r for r in pool.run(jobs)}
    assert [first[j.id].status for j in jobs] == ["ok", "ok", "ok"]
    assert [again[j.id].status for j in jobs] == ["cached", "cached", "cached"]
    heart_audio, emma_audio, fast_audio = (first[j.id].audio for j in jobs)
    assert heart_audio.size == first[("a", 0)].samples
    # The converted default model times every token (issue 17): durations add up to the audio.
    assert first[("a", 0)].durations is not None and int(first[("a", 0)].durations.sum()) == heart_audio.size
    # Two voices sound different; speed 1.5 says the same words in about two thirds the time.
    shared = min(heart_audio.size, emma_audio.size)
    assert np.abs(heart_audio[:shared] - emma_audio[:shared]).max() > 0.05
    assert 0.5 < fast_audio.size / emma_audio.size < 0.8
    # The cache holds the same audio (as 16-bit samples).
    assert np.allclose(again[("b", 0)].audio, emma_audio, atol=1 / 32767 * 1.01)
