"""Whisper tiny.en hears what was written (the foundation's bar: WER <= 0.1)."""

from __future__ import annotations

import numpy as np
import pytest

from litetts_cli.speech import Speaker, load_voice, make_normalizer
from tests.helpers import transcribe, word_error_rate

SENTENCES = [
    "Hello there.",
    "The quick brown fox jumps over the lazy dog.",
    "She sells seashells by the seashore.",
    "Please call me back when you have a moment.",
    "The museum opens at nine in the morning.",
    "We walked along the river until the sun went down.",
]


@pytest.fixture(scope="module")
def speaker(engine, installed_settings):
    voice = load_voice(installed_settings, "af_heart")
    return Speaker(engine, voice, 1.0, normalize=make_normalizer(installed_settings, voice))


@pytest.mark.parametrize("sentence", SENTENCES)
def test_whisper_hears_the_sentence(speaker, whisper, sentence):
    audio = np.concatenate([a for _, a in speaker.stream(sentence)])
    heard = transcribe(whisper, audio)
    assert word_error_rate(sentence, heard) <= 0.1, heard


@pytest.mark.parametrize("voice_name", ["bf_emma", "am_michael"])
def test_other_english_voices_are_intelligible(engine, installed_settings, whisper, voice_name):
    voice = load_voice(installed_settings, voice_name)
    speaker = Speaker(engine, voice, 1.0, normalize=make_normalizer(installed_settings, voice))
    sentence = "The weather will be sunny and warm tomorrow afternoon."
    audio = np.concatenate([a for _, a in speaker.stream(sentence)])
    assert word_error_rate(sentence, transcribe(whisper, audio)) <= 0.1
