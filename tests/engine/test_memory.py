"""One engine synthesizing 50 sentences in a row stays flat in memory (PEERS item 3)."""

from __future__ import annotations

from litetts_cli.host import rss_bytes
from litetts_cli.speech import Speaker, load_voice

SENTENCES = [
    f"Sentence {n} has {'more ' * (n % 7)}words."
    for n in range(50)
]


def test_rss_flat_over_fifty_sentences(engine, installed_settings, record_property):
    speaker = Speaker(engine, load_voice(installed_settings, "af_heart"), 1.0)
    samples = []
    for number, sentence in enumerate(SENTENCES, start=1):
        for chunk in speaker.plan(sentence):
            speaker.render(chunk)
        samples.append(rss_bytes())
    warm = max(samples[5:15])
    end = max(samples[-10:])
    peak = max(samples)
    record_property("peak_rss_mb", peak / 2**20)
    print(f"peak RSS {peak / 2**20:.0f} MB; after 15 sentences {warm / 2**20:.0f} MB, after 50 {end / 2**20:.0f} MB")
    # Varying shapes once grew ORT memory without bound (hexgrad/kokoro PR #358).
    assert end - warm < 60 * 2**20
