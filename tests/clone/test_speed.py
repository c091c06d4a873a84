"""A cloned voice's own pace: saved as ``speed`` in its JSON, applied wherever the voice
is used (alone, in blends, saved blends), and fitted to the clips' syllable rate."""

from __future__ import annotations

import json

import numpy as np
import pytest

from litetts_cli.clone.fit import fit_speed, heard_speed
from litetts_cli.clone.notes import syllable_rate
from litetts_cli.clone.service import make_synth
from litetts_cli.engine.voices import VoiceLibrary
from litetts_cli.errors import ModelNotFound
from litetts_cli.speech import Speaker


@pytest.fixture()
def library(installed_settings, tmp_path) -> VoiceLibrary:
    return VoiceLibrary(installed_settings.voices_dir, tmp_path / "custom")


def _save(library: VoiceLibrary, name: str, speed) -> None:
    meta = {"language": "en-us", "kind": "clone"}
    if speed is not None:
        meta["speed"] = speed
    library.save_pack(name, library.load("af_heart").pack, meta)


@pytest.mark.parametrize(("spec", "speed"), [
    ("slow", 0.8),
    ("plain", 1.0),                  # no speed in its JSON
    ("slow:0.5,af_heart:0.5", 0.9),  # a blend: weighted mean
    ("slow:3,fast:1", 0.875),
    ("af_heart", 1.0),
])
def test_a_voice_carries_its_speed_into_blends(library, spec, speed):
    _save(library, "slow", 0.8)
    _save(library, "fast", 1.1)
    _save(library, "plain", None)
    assert library.load(spec).speed == pytest.approx(speed)


def test_a_saved_blend_keeps_the_blended_speed(library):
    _save(library, "slow", 0.8)
    library.save("mix", "slow:0.5,af_heart:0.5")
    assert library.load("mix").speed == pytest.approx(0.9)


@pytest.mark.parametrize("bad", [0.1, 5, "fast", True, None])
def test_a_damaged_speed_is_refused_as_a_damaged_voice(library, bad):
    _save(library, "odd", 1.0)
    meta_path = library.custom_dir / "odd.json"
    meta = json.loads(meta_path.read_text())
    meta["speed"] = bad
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelNotFound, match="saved voice odd is damaged"):
        library.load("odd")


@pytest.mark.parametrize(("asked", "own", "pace"), [
    (1.0, 0.8, 0.8), (1.5, 0.8, 1.2), (0.5, 0.8, 0.5), (2.0, 1.2, 2.0),
])
def test_the_engine_gets_the_asked_speed_times_the_voices(library, asked, own, pace):
    _save(library, "own", own)
    speaker = Speaker(None, library.load("own"), asked)
    assert speaker.pace == pytest.approx(pace)
    chunk = speaker.plan("Hello there.")[0]
    assert speaker.job(chunk).speed == pytest.approx(pace)
    plain = Speaker(None, library.load("af_heart"), asked)
    assert (plain.cache_key(chunk) == speaker.cache_key(chunk)) == (pace == asked)


def test_a_slow_voice_speaks_longer_through_synth(engine, library):
    _save(library, "slow", 0.8)
    text = "She opened the letter slowly and read it twice."
    lengths = [sum(len(a) for _, a in Speaker(engine, library.load(name)).stream(text)) for name in ("af_heart", "slow")]
    assert lengths[1] / lengths[0] == pytest.approx(1 / 0.8, rel=0.08)


@pytest.mark.parametrize("ratio", [0.8, 1.15])
def test_the_fitted_speed_matches_the_clips_syllable_rate(engine, library, ratio):
    """A clip read at ``ratio`` times af_heart's own rate: the fitted speed makes
    af_heart read within 10% of it (measured the same way on the same sentences)."""
    synth = make_synth(engine, library)
    pack = library.load("af_heart").pack
    natural = syllable_rate(synth.speak(pack, "held_out") + synth.speak(pack, "check"), 24_000)
    speed, rates = fit_speed(synth, pack, natural * ratio, (0.7, 1.3))
    assert (speed < 1) == (ratio < 1)
    reached = syllable_rate(synth.speak(pack, "held_out", speed=speed) + synth.speak(pack, "check", speed=speed), 24_000)
    assert reached == pytest.approx(natural * ratio, rel=0.10), (speed, rates)


def test_no_clip_rate_means_no_speed_fit(engine, library):
    synth = make_synth(engine, library)
    assert fit_speed(synth, np.zeros((510, 256), np.float32), None, (0.7, 1.3)) == (1.0, {})


@pytest.mark.parametrize(("fitted", "wer", "kept", "tried"), [
    (1.3, {1.3: 0.0}, 1.3, [1.3]),                    # heard at its pace: kept
    (1.3, {1.3: 0.12, 1.15: 0.02}, 1.15, [1.3, 1.15]),  # too fast to follow: halfway back
    (1.3, {1.3: 0.12, 1.15: 0.08}, 1.0, [1.3, 1.15]),   # still not heard: speed 1
    (0.8, {0.8: 0.1, 0.9: 0.0}, 0.9, [0.8, 0.9]),
    (1.0, {}, 1.0, []),                                # nothing fitted: nothing checked
])
def test_the_fitted_speed_gives_way_when_whisper_loses_words(fitted, wer, kept, tried):
    asked = []

    def wer_at(pace):
        asked.append(pace)
        return wer[pace]

    speed, errors = heard_speed(fitted, wer_at, 0.05)
    assert speed == kept and asked == tried and len(errors) == len(tried)


def test_a_fitted_speed_is_checked_on_real_speech(engine, library):
    """af_heart at 1.3 is still heard on the check sentences: the real Whisper check keeps it."""
    from litetts_cli.clone.fit import texts, word_error

    synth = make_synth(engine, library)
    pack = library.load("af_heart").pack
    lines = texts()["held_out"] + texts()["check"]
    speed, errors = heard_speed(1.3, lambda pace: word_error(
        synth.speak(pack, "held_out", speed=pace) + synth.speak(pack, "check", speed=pace), lines), 0.05)
    assert speed == 1.3 and errors["speed 1.3"] <= 0.05
