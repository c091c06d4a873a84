"""Word timing from the model's durations: words, sentence cues and JSON timestamps,
checked against Whisper tiny.en's own word timestamps (issue 17)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from litetts_cli.assemble.stitch import ChunkSpan, Stitcher
from litetts_cli.bench.align import forced_words
from litetts_cli.bench.sync import drift_summary, heard_words, sentence_offsets, sentence_onsets
from litetts_cli.g2p.languages import g2p_for
from litetts_cli.g2p.markup import plain_text
from litetts_cli.g2p.tokens import keep_known
from litetts_cli.speech import Speaker, load_voice, make_normalizer
from litetts_cli.timing.words import spoken_groups, word_times
from tests.book.test_book import convert_json
from tests.e2e.test_intelligibility import SENTENCES


@pytest.mark.parametrize(
    "phonemes, groups",
    [
        ("hɛlˈoʊ wˈɜːld.", [(0, 6), (7, 13)]),
        ("jˈɛs, nˈoʊ!", [(0, 4), (6, 10)]),  # a comma is a pause of its own, in no word
        ("“ɐ” bˈʊk", [(1, 2), (4, 8)]),
        ("", []),
    ],
)
def test_spoken_words_are_the_phoneme_runs_between_spaces_and_punctuation(phonemes, groups):
    assert spoken_groups(phonemes) == groups


def test_words_take_their_phonemes_samples_and_not_the_pause_after_them():
    # "no." starts at the space token after the comma's pause (the model starts its sound there).
    phonemes = "jˈɛs, nˈoʊ."
    tokens = len(keep_known(phonemes))  # 11: j ˈ ɛ s , ␠ n ˈ o ʊ .
    durations = np.full(tokens + 2, 600)
    durations[5] = 6000  # the comma's pause
    times = word_times("Yes, no.", phonemes, durations)
    assert [(w.text, w.start, w.end) for w in times] == [("Yes,", 600, 3000), ("no.", 3000 + 6000, 12000)]


def test_more_written_than_spoken_words_share_the_run_by_letters():
    # espeak says "of the" as one run; both words get a part of it, in order.
    times = word_times("of the sea", "ʌvðə sˈiː", np.full(len(keep_known("ʌvðə sˈiː")) + 2, 600))
    assert [w.text for w in times] == ["of", "the", "sea"]
    assert times[0].start == 600 and times[0].end <= times[1].start < times[1].end <= times[2].start
    assert times[2].end == 600 * 10


@pytest.mark.parametrize("cut, sample, placed", [(0, 100, 1100), (480, 600, 1120), (480, 100, 1000), (0, 10**6, 5000)])
def test_a_chunk_sample_lands_where_trimming_and_pauses_put_it(cut, sample, placed):
    assert ChunkSpan(0, 1000, 5000, cut=cut).place(sample) == placed


def _whisper_words(whisper, audio: np.ndarray) -> list[tuple[str, float]]:
    positions = np.arange(0, len(audio), 1.5)  # 24 kHz -> 16 kHz
    audio = np.interp(positions, np.arange(len(audio)), audio).astype(np.float32)
    segments, _ = whisper.transcribe(audio, language="en", beam_size=1, vad_filter=False, word_timestamps=True)
    return [(_norm(w.word), w.start) for s in segments for w in s.words]


def _norm(word: str) -> str:
    return re.sub(r"[^a-z0-9']", "", word.lower())


def _start_errors(ours: list[tuple[str, float]], heard: list[tuple[str, float]]) -> list[float]:
    """|our start - Whisper's start| for words both have, matched in order."""
    errors, position = [], 0
    for word, start in ours:
        for j in range(position, min(position + 3, len(heard))):
            if heard[j][0] == word:
                errors.append(abs(start - heard[j][1]))
                position = j + 1
                break
    return errors


@pytest.fixture(scope="module")
def speaker(engine, installed_settings):
    voice = load_voice(installed_settings, "af_heart")
    return Speaker(engine, voice, 1.0, normalize=make_normalizer(installed_settings, voice))


def test_word_starts_agree_with_whisper_within_50_ms(speaker, whisper, record_property):
    # Issue 17's bar: Whisper tiny.en's word timestamps, median start error under 50 ms.
    # Inside running speech a word starts at its first phoneme, the convention Whisper
    # keeps (median signed difference about -2 ms); after a pause it starts at the space
    # token, where its sound is heard (tests below). PocketSphinx forced alignment
    # (bench.align) is a second, loose check: it places starts in running speech about
    # 70 ms before the first phoneme (benchmarks/timing/words.md).
    assert speaker.engine.signature.durations_output, "the default model must be the converted one"
    aligned_errors, whisper_errors = [], []
    for sentence in SENTENCES:
        stitcher, blocks, ours = Stitcher(), [], []
        renderer = speaker.renderer()
        for chunk in speaker.plan(sentence):
            result = renderer.render(speaker.job(chunk, return_audio=True))
            assert result.durations is not None and result.durations.sum() == result.samples
            blocks.extend(stitcher.add(result.audio, chunk.boundary, text=chunk.text))
            span = stitcher.spans[-1]
            ours += [(_norm(w.text), span.place(w.start) / 24_000)
                     for w in word_times(plain_text(chunk.text), chunk.phonemes, result.durations, speaker.g2p.phonemize)]
        blocks.extend(stitcher.finish())
        audio = np.concatenate(blocks)
        aligned = forced_words(audio, 24_000, [w for w, _ in ours])
        assert aligned is not None and [w for w, _ in aligned] == [w for w, _ in ours], (sentence, aligned)
        aligned_errors += [abs(start - at) for (_, start), (_, at) in zip(ours, aligned)]
        matched = _start_errors(ours, _whisper_words(whisper, audio))
        assert len(matched) >= len(ours) - 1, (sentence, ours)
        whisper_errors += matched
    median, heard = float(np.median(aligned_errors)), float(np.median(whisper_errors))
    record_property("median_word_start_error_ms", {"forced_aligner": round(1000 * median, 1), "whisper": round(1000 * heard, 1)})
    print(f"word starts: median {1000 * median:.0f} ms from the forced aligner, {1000 * heard:.0f} ms from Whisper "
          f"over {len(aligned_errors)} words")
    assert heard < 0.050
    assert median < 0.100


LONG_PARAGRAPHS = [
    "The lighthouse stood at the end of a long stone pier. Every evening the keeper climbed its narrow stairs, "
    "lit the great lamp, and watched the ships slip past the rocks toward the harbour.",
    "In the winter the storms came from the north. Waves broke over the pier, and salt spray froze on the windows. "
    "The keeper wrote in his logbook by candlelight, noting the wind, the weather and every passing vessel.",
    "One night a small boat appeared in the fog. Its sail was torn and its crew was exhausted. "
    "The keeper lowered a rope ladder, and the sailors climbed up, shivering and grateful.",
    "They stayed for three days while the weather cleared. They told stories of distant ports, of markets full "
    "of spices, and of cities where the streets were made of water.",
    "When they left, the keeper watched their sail grow smaller on the horizon. He returned to his stairs, his "
    "lamp and his logbook, and the lighthouse went on shining as it always had.",
]


def test_sentence_cues_of_a_book_stay_on_the_voice(tmp_home, tmp_path, whisper, record_property):
    import soundfile as sf

    source = tmp_path / "keeper.md"
    source.write_text("# The Keeper\n\n" + "\n\n".join(LONG_PARAGRAPHS * 3) + "\n")
    out = tmp_path / "keeper.wav"
    summary = convert_json(source, "-o", str(out), "-f", "wav", "--cache-dir", str(tmp_path / "cache"),
                           "--subtitles", "srt", "--subtitles-words", "--timestamps", "json", "--no-loudness")
    assert summary["timing"]["method"] == "exact", summary["timing"]
    stamps = json.loads(out.with_suffix(".timestamps.json").read_text())
    assert out.with_suffix(".words.srt").read_text().count(" --> ") == len(stamps["words"])
    audio, rate = sf.read(out, dtype="float32")
    assert rate == 24_000 and len(audio) / rate > 120
    # Whisper hears the whole book once; each sentence's first word is matched in order
    # (litetts_cli.bench.sync, which benchmarks/timing/drift.py runs over a long book),
    # and locates the pause before the sentence: where the sound comes back after it is
    # where the sentence is heard (bench.onsets). Every sentence so located is within
    # 100 ms of its cue. Whisper's own word starts scatter by +-100 ms and more, so
    # against those only the typical offset per third of the book is held to 100 ms.
    heard = heard_words(audio, rate, whisper)
    onsets = [o for o in sentence_onsets(stamps, heard, audio, rate) if o.found is not None]
    assert len(onsets) >= 0.8 * len(stamps["sentences"]), (len(onsets), len(stamps["sentences"]))
    worst = max(onsets, key=lambda o: abs(o.offset))
    record_property("max_sentence_cue_from_onset_ms", round(1000 * worst.offset, 1))
    offsets = sentence_offsets(stamps, heard)
    summary = drift_summary(offsets, len(stamps["sentences"]), windows=3)
    record_property("sentence_start_offset_by_third_ms", summary["median_by_part_ms"])
    print(f"{len(onsets)} sentence onsets over {len(audio) / rate / 60:.1f} min: max |cue - onset| "
          f"{1000 * abs(worst.offset):.0f} ms ({worst.text[:40]!r}); against Whisper: median offset by third "
          f"{summary['median_by_part_ms']} ms, median |offset| {summary['median_abs_ms']} ms")
    assert abs(worst.offset) <= 0.100, (worst.text, worst.start, worst.found)
    assert all(abs(t) < 100 for t in summary["median_by_part_ms"])
    assert summary["median_abs_ms"] < 100


def test_words_that_espeak_runs_together_are_aligned_in_order():
    # espeak says "in the" and "from the" as one run each; the other words keep their own.
    phonemes = "ɪnðə wˈɪntɚ fɹʌmðə nˈɔːɹθ."
    times = word_times("In the winter from the north.", phonemes, np.full(len(keep_known(phonemes)) + 2, 600))
    kept = keep_known(phonemes)
    spoken = [kept[(w.start // 600) - 1:(w.end // 600) - 1] for w in times]
    assert [w.strip() for w in spoken] == ["ɪn", "ðə", "wˈɪntɚ", "fɹʌ", "mðə", "nˈɔːɹθ"]


PRAGUE = ("Yet the matter was so delicate that I could not confide it to an agent without putting myself in his "
          "power. I have come incognito from Prague for the purpose of consulting you.\"",
          "jˈɛt ðə mˈæɾɚ wʌz sˌoʊ dˈɛlᵻkət ðæt aɪ kʊd nˌɑːt kənfˈaɪd ɪt tʊ ɐn ˈeɪdʒənt wɪðˌaʊt pˈʊɾɪŋ maɪsˈɛlf ɪn hɪz "
          "pˈaʊɚ. aɪ hæv kˈʌm ɪŋkɑːɡnˈiːɾoʊ fɹʌm pɹˈɑːɡ fɚðə pˈɜːpəs ʌv kənsˈʌltɪŋ juː.\"")
GERMAN = ("\"Precisely. And the man who wrote the note is a German. Do you note the peculiar construction of the "
          "sentence — 'This account of you we have from all quarters received.' A Frenchman or Russian could not "
          "have written that.",
          "\"pɹɪsˈaɪsli. ænd ðə mˈæn hˌuː ɹˈoʊt ðə nˈoʊt ɪz ɐ dʒˈɜːmən. dˈuː juː nˈoʊt ðə pɪkjˈuːlɪɹ kənstɹˈʌkʃən "
          "ʌvðə sˈɛntəns — ðɪs ɐkˈaʊnt ʌv juː wiː hæv fɹʌm ˈɔːl kwˈɔːɹɾɚz ɹᵻsˈiːvd. ɐ fɹˈɛntʃmən ɔːɹ ɹˈʌʃən "
          "kʊd nˌɑːɾɐv ɹˈɪʔn̩ ðˈæt.")
HA_HA = ("'Remarkable as being the scene of the death of Wallenstein, and for its numerous glass-factories and "
         "paper-mills.' Ha, ha, my boy, what do you make of that?\"",
         "ɹᵻmˈɑːɹkəbəl æz bˌiːɪŋ ðə sˈiːn ʌvðə dˈɛθ ʌv wˈɔlənstˌaɪn, ænd fɔːɹ ɪts nˈuːmɚɹəs ɡlˈæsfˈæktɚɹiz ænd "
         "pˈeɪpɚmˈɪlz. hˈɑː, hˈɑː, maɪ bˈɔɪ, wˌʌt dˈuː juː mˌeɪk ʌv ðˈæt?\"")


@pytest.mark.parametrize("text, phonemes, word, sounds", [
    # From "A Scandal in Bohemia": espeak ran "for the" (and "of the", "not have") together
    # late in the chunk; pairing by letter counts put the merge early and gave the second
    # sentence's first word the end of the sentence before (cues 0.5-0.7 s off).
    (*PRAGUE, 21, "aɪ"),  # "I" of "I have come", after the full stop
    (*PRAGUE, 20, "pˈaʊɚ"),  # "power."
    (*GERMAN, 11, "dˈuː"),  # "Do" of "Do you note"
    (*GERMAN, 12, "juː"),
    (*HA_HA, 17, "hˈɑː"),  # "Ha,"
])
def test_words_run_together_are_placed_by_how_each_word_sounds(text, phonemes, word, sounds):
    kept = keep_known(phonemes)
    times = word_times(text, phonemes, np.full(len(kept) + 2, 600), g2p_for("en-us").phonemize)
    assert len(times) == len(text.split()) - text.count(" — ")
    assert kept[(times[word].start // 600) - 1:(times[word].end // 600) - 1].lstrip() == sounds


@pytest.mark.parametrize("text, phonemes, word, sounds", [
    # After a pause (punctuation) the model starts a word's sound in the space token
    # before it, and in an opening quote written onto it: after a full stop the space is
    # where the sentence is heard. Inside running speech a word starts at its first
    # phoneme (or its opening quote), the convention Whisper's word timestamps keep.
    ('"Seven!" I answered.', '"sˈɛvən!" aɪ ˈænsɚd.', 0, '"sˈɛvən'),
    ("(Quietly) he left.", "(kwˈaɪətli) hiː lˈɛft.", 0, "(kwˈaɪətli"),
    ('He said "no."', 'hiː sˈɛd "nˈoʊ."', 2, '"nˈoʊ'),
    ("He left.", "hiː lˈɛft.", 1, "lˈɛft"),
    ("Well, he left.", "wˈɛl, hiː lˈɛft.", 1, " hiː"),
    ('" Read it aloud."', '" ɹˈiːd ɪt ɐlˈaʊd."', 0, '" ɹˈiːd'),
    ('"Yes." He left.', '"jˈɛs." hiː lˈɛft.', 1, " hiː"),  # a closing quote stays with the word before
    ("Stop. Go.", "stˈɑːp. ɡˈoʊ.", 1, " ɡˈoʊ"),  # the full stop's token is the pause, and no word's
])
def test_a_word_starts_at_its_opening_quote_and_after_a_pause_at_the_space(text, phonemes, word, sounds):
    kept = keep_known(phonemes)
    times = word_times(text, phonemes, np.full(len(kept) + 2, 600), g2p_for("en-us").phonemize)
    assert kept[(times[word].start // 600) - 1:(times[word].end // 600) - 1] == sounds
