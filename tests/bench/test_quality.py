import sys

import numpy as np
import pytest

from litetts_cli.bench import quality

RATE = 24_000


@pytest.fixture(scope="module")
def sentence_audio(engine, installed_settings):
    """The same sentence at speed 1.0 and 1.15, and another sentence, from the real model."""
    from litetts_cli.speech import Speaker, load_voice

    voice = load_voice(installed_settings, "af_heart")

    def speak(text, speed=1.0):
        speaker = Speaker(engine, voice, speed)
        return np.concatenate([audio for _, audio in speaker.stream(text)])

    text = "The lighthouse keeper climbed the stairs at dusk."
    return speak(text), speak(text, 1.15), speak("Open the settings page and choose a new password.")


def test_identical_audio_has_zero_distance(sentence_audio):
    audio, _, _ = sentence_audio
    distance = quality.spectral_distance(audio, audio, RATE)
    assert distance.mel_cepstral_distortion_db == pytest.approx(0.0, abs=1e-9)
    assert distance.log_mel_l1 == pytest.approx(0.0, abs=1e-9)
    assert distance.duration_ratio == 1.0


def test_alignment_forgives_timing_but_not_different_words(sentence_audio):
    audio, faster, other = sentence_audio
    padded = np.concatenate([np.zeros(RATE // 4, np.float32), audio])
    shifted = quality.spectral_distance(audio, padded, RATE)
    same_words = quality.spectral_distance(audio, faster, RATE)
    other_words = quality.spectral_distance(audio, other, RATE)
    noise = quality.spectral_distance(audio, np.random.default_rng(0).normal(0, 0.1, len(audio)), RATE)
    assert same_words.duration_ratio < 0.95
    assert shifted.mel_cepstral_distortion_db < same_words.mel_cepstral_distortion_db
    assert same_words.mel_cepstral_distortion_db < other_words.mel_cepstral_distortion_db
    assert other_words.mel_cepstral_distortion_db < noise.mel_cepstral_distortion_db


def test_long_audio_is_compared_on_pooled_frames():
    rng = np.random.default_rng(1)
    long = rng.normal(0, 0.1, RATE * 50).astype(np.float32)
    distance = quality.spectral_distance(long, long, RATE)  # 5,000 x 5,000 frames would be 200 MB
    assert distance.mel_cepstral_distortion_db == pytest.approx(0.0, abs=1e-9)


def test_dtw_matches_the_textbook_recurrence():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(7, 3)), rng.normal(size=(9, 3))
    rows, cols = quality.dtw_path(a, b)
    cost = np.sqrt(((a[:, None] - b[None]) ** 2).sum(axis=2))
    table = np.full((8, 10), np.inf)
    table[0, 0] = 0
    for i in range(1, 8):
        for j in range(1, 10):
            table[i, j] = cost[i - 1, j - 1] + min(table[i - 1, j], table[i, j - 1], table[i - 1, j - 1])
    assert cost[rows, cols].sum() == pytest.approx(table[7, 9])
    assert (rows[0], cols[0], rows[-1], cols[-1]) == (0, 0, 6, 8)
    assert np.all(np.diff(rows) >= 0) and np.all(np.diff(cols) >= 0)


@pytest.mark.parametrize(
    "reference, hypothesis, expected",
    [
        ("Hello world.", "hello, world!", 0.0),
        ("It costs 42 dollars.", "It costs forty-two dollars.", 0.0),
        ("the cat sat", "the cat sat down", 1 / 3),
        ("the cat sat", "a dog", 1.0),
    ],
)
def test_word_error_rate(reference, hypothesis, expected):
    assert quality.word_error_rate(reference, hypothesis) == pytest.approx(expected)


def test_whisper_hears_the_real_model(sentence_audio):
    audio, _, _ = sentence_audio
    transcript = quality.transcribe(audio, RATE)
    assert quality.word_error_rate("The lighthouse keeper climbed the stairs at dusk.", transcript) <= 0.25


def test_missing_whisper_says_how_to_install_it(monkeypatch):
    quality.whisper_model.cache_clear()
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    try:
        with pytest.raises(quality.QualityToolsMissing, match=r"pip install 'litetts\[quality\]'"):
            quality.whisper_model()
    finally:
        quality.whisper_model.cache_clear()
