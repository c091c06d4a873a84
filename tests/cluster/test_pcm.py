"""Audio crosses the network as the chunk cache keeps it: the same int16 samples."""

import numpy as np

from litetts_cli.cluster.actor import from_pcm16, to_pcm16
from litetts_cli.store.cache import AudioCache


def test_an_actors_samples_are_the_caches(tmp_path):
    rng = np.random.default_rng(7)
    audio = np.concatenate([rng.uniform(-1.2, 1.2, 4000), [1.0, -1.0, 0.5, -0.5, 1 / 65536]]).astype(np.float32)
    cache = AudioCache(tmp_path)
    cache.put("k", audio)
    carried = to_pcm16(audio)
    assert carried.dtype == np.dtype("<i2")
    assert np.array_equal(from_pcm16(carried), cache.get("k"))
    assert carried[-5:-3].tolist() == [32767, -32768]  # full scale, clipped as libsndfile does
