"""Whisper tiny.en hears issue 11's real-prose readings: chapter numbers as numbers,
Saint before a name, old British money, a house number in pairs."""

from __future__ import annotations

import pytest

from litetts_cli.book.plan import plan_book
from litetts_cli.ingest import Chapter
from litetts_cli.speech import Speaker, load_voice, make_normalizer
from tests.e2e import tricky
from tests.helpers import transcribe

SENTENCES = [
    ("You must have read about Lord St.\u00a0Simon and his wedding?",
     "You must have read about Lord Saint Simon and his wedding?"),
    ("Twenty-four geese at 7s. 6d.", "Twenty-four geese at seven shillings and six pence."),
    ("Breakfast cost 2s. 6d. and the room £3 10s.",
     "Breakfast cost two shillings and six pence and the room three pounds ten shillings."),
    ("He lived at 221B, Baker Street.", "He lived at two twenty-one B, Baker Street."),
    ("They were married at the Church of St.\u00a0Monica.", "They were married at the Church of Saint Monica."),
]
MAX_WER = 0.15


@pytest.fixture(scope="module")
def speaker(engine, installed_settings):
    voice = load_voice(installed_settings, "bf_emma")
    return Speaker(engine, voice, 1.0, normalize=make_normalizer(installed_settings, voice))


@pytest.mark.parametrize("text, reference", SENTENCES)
def test_real_prose_is_heard_as_a_narrator_reads_it(speaker, whisper, text, reference):
    heard = transcribe(whisper, tricky.speaker_audio(speaker)(text))
    assert tricky.tricky_wer([reference], heard) <= MAX_WER, heard


@pytest.mark.parametrize("title, reference", [("XXVI", "Chapter twenty-six."), ("VIII.", "Chapter eight.")])
def test_a_bare_numeral_chapter_title_is_heard_as_a_chapter_number(speaker, whisper, title, reference):
    planned = plan_book([(1, Chapter(title, ["It was late."]))], speaker)
    audio = speaker.render(planned[0].chunks[0])
    heard = transcribe(whisper, audio)
    assert tricky.tricky_wer([reference], heard) <= MAX_WER, heard
