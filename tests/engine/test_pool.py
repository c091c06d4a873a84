"""The book's worker pool with the real default model: one engine per worker, kept."""

from __future__ import annotations

import numpy as np

from litetts_cli.engine.engine import EngineOptions
from litetts_cli.engine.pool import ChunkJob, EnginePool, WorkerConfig
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
    config = WorkerConfig(
        model_path=str(model_path(installed_settings)),
        engine=EngineOptions(threads=1),
        voice_name=voice.name,
        voice_pack=voice.pack.astype(np.float32).tobytes(),
        speed=1.0,
        model_id="pool-test",
        cache_dir=str(tmp_path / "cache"),
    )
    jobs = [ChunkJob(0, espeak.phonemize("Chapter one.", "en-us")), ChunkJob(1, long_phonemes)]
    jobs += [ChunkJob(n, espeak.phonemize(f"Sentence {n}.", "en-us")) for n in range(2, 6)]
    pool = EnginePool(config, 1)
    try:
        results = sorted(pool.run(iter(jobs)), key=lambda r: r.id)
    finally:
        pool.shutdown()
    assert [r.id for r in results] == list(range(6))
    assert all(r.status == "ok" for r in results)
    assert results[1].worker_rss - results[0].worker_rss > 300 * 2**20  # the growth loky sees
    assert len({r.worker_pid for r in results}) == 1  # one engine, loaded once and kept
