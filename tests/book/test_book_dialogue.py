"""Dialogue voices in `litetts book` (issue 17, part 3): one voice per chunk, voice in
every cache key, both voices in the audio, and quiet joins."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from litetts_cli.book.dialogue import load_cast
from litetts_cli.book.plan import plan_book, plan_conversion
from litetts_cli.book.run import BookOptions
from litetts_cli.config import resolve
from litetts_cli.engine.voices import Voice
from litetts_cli.ingest import Chapter, load_document
from litetts_cli.normalize import NormalizeOptions, Normalizer
from litetts_cli.normalize.dialogue import Cast
from litetts_cli.speech import Speaker

LITETTS = [sys.executable, "-m", "litetts_cli"]

DIALOGUE_BOOK = """# The Visit

“Hello there,” said Alice. “How are you today?”

Bob looked up from his book and smiled at her.

“Very well, thank you,” Bob said.
"""


def _voice(name: str) -> Voice:
    """A stand-in voice (planning never runs the model); its pack differs by name, as the
    cache key names a voice by a hash of its pack."""
    return Voice(name, np.full((510, 1, 256), len(name) + ord(name[-1]), dtype=np.float32), "en-us")


def _narrator() -> Speaker:
    return Speaker(None, _voice("af_heart"), normalize=Normalizer(NormalizeOptions(language="en-us")).normalize)


def _plan(paragraphs: list[str], cast: Cast):
    dialogue = (cast, lambda narrator, spec: replace(narrator, voice=_voice(spec)))
    return plan_book([(1, Chapter("", paragraphs))], _narrator(), dialogue)[0]


def test_each_chunk_has_one_voice_and_its_key_names_it():
    chapter = _plan(["“Yes.” Yes.", "“Come,” said Bob."], Cast(dialogue="am_adam", speakers={"Bob": "bm_george"}))
    read = [(c.text, chapter.speaker_at(i).voice.name, c.boundary) for i, c in enumerate(chapter.chunks)]
    assert read == [
        ("Yes.", "am_adam", "sentence"),
        ("Yes.", "af_heart", "paragraph"),
        ("Come,", "bm_george", "clause"),
        ("said Bob.", "af_heart", "chapter"),
    ]
    # The same words in two voices are two cache entries.
    assert chapter.chunks[0].phonemes == chapter.chunks[1].phonemes
    assert chapter.keys[0] != chapter.keys[1]


def test_without_a_cast_the_chapter_is_one_voice():
    chapter = _plan(["“Yes,” said Bob."], Cast())
    assert chapter.chunk_speakers is None
    assert [c.text for c in chapter.chunks] == ['"Yes," said Bob.']  # the normalizer straightens quotes


def _quiet_edges(audio: np.ndarray, rate: int) -> list[float]:
    """The largest sample-to-sample step within 5 ms either side of every pause (a run
    of at least 20 ms of digital silence, where the stitcher joined two chunks)."""
    silent = np.flatnonzero(np.abs(audio) < 1e-6)
    runs = np.split(silent, np.flatnonzero(np.diff(silent) > 1) + 1)
    steps = np.abs(np.diff(audio))
    window = int(0.005 * rate)
    edges = []
    for run in runs:
        if len(run) >= int(0.02 * rate) and 0 < run[0] and run[-1] < len(audio) - 1:
            edges.append(float(max(steps[max(run[0] - window, 0):run[0]].max(),
                                   steps[run[-1]:run[-1] + window].max())))
    return edges


def test_a_dialogue_book_speaks_both_voices_with_quiet_joins(tmp_home, tmp_path):
    source = tmp_path / "visit.md"
    source.write_text(DIALOGUE_BOOK)
    (tmp_path / "voices.toml").write_text('[speakers]\n"Bob" = "bm_george"\n')
    out = tmp_path / "visit.wav"
    cache = tmp_path / "cache"
    args = ["--dialogue-voice", "af_bella", "--voices-file", str(tmp_path / "voices.toml")]
    done = subprocess.run(LITETTS + ["book", str(source), "-o", str(out), "--cache-dir", str(cache), "--json", *args],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["synthesized_chunks"] == 7  # title, Alice x2, narration x2, Bob, "Bob said."

    # Planning again finds every chunk in the cache: the audio of each voice was made.
    settings = resolve({"cache_dir": str(cache)})
    document = load_document(source)
    plan = plan_conversion(document, list(enumerate(document.chapters, start=1)), settings,
                           BookOptions(output=out, fmt="wav", dialogue=load_cast("af_bella", tmp_path / "voices.toml")))
    try:
        assert plan.jobs == []
        chapter = plan.planned[0]
        voices = [(c.text, chapter.speaker_at(i).voice.name) for i, c in enumerate(chapter.chunks)]
    finally:
        plan.release()
    assert voices == [
        ("The Visit.", "af_heart"),
        ("Hello there,", "af_bella"), ("said Alice.", "af_heart"), ("How are you today?", "af_bella"),
        ("Bob looked up from his book and smiled at her.", "af_heart"),
        ("Very well, thank you,", "bm_george"), ("Bob said.", "af_heart"),
    ]

    audio, rate = sf.read(out, dtype="float32")
    seconds = len(audio) / rate
    assert 6 < seconds < 20, seconds
    edges = _quiet_edges(audio, rate)
    assert len(edges) >= 5  # a pause at every join between runs
    # A click is a step of tenths of full scale; faded joins stay under a hundredth.
    assert max(edges) < 0.01, edges


@pytest.mark.parametrize("content, suffix, message", [
    ("[speakers\n", ".toml", "is not valid TOML"),
    ("{", ".json", "is not valid JSON"),
    ('narrator = "x"\n', ".toml", "unknown key narrator"),
    ('[speakers]\nBob = 3\n', ".toml", "must map names to voice names"),
    ('[speakers]\nBob = "zz_nobody"\n', ".toml", "zz_nobody"),
])
def test_a_bad_voices_file_is_one_line_before_synthesis(tmp_home, tmp_path, content, suffix, message):
    source = tmp_path / "visit.md"
    source.write_text(DIALOGUE_BOOK)
    voices = tmp_path / f"voices{suffix}"
    voices.write_text(content)
    done = subprocess.run(LITETTS + ["book", str(source), "-o", str(tmp_path / "o.wav"), "--voices-file", str(voices)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "o.wav").exists()


def test_a_json_voices_file_and_the_option_override(tmp_path):
    path = tmp_path / "cast.json"
    path.write_text('{"dialogue": "am_adam", "speakers": {"Mr. Darcy": "bm_george"}}')
    assert load_cast(None, path) == Cast(dialogue="am_adam", speakers={"mr darcy": "bm_george"})
    assert load_cast("af_bella", path).dialogue == "af_bella"
