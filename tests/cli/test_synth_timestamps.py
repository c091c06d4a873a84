"""`litetts synth --timestamps FILE`: every word's and sentence's time in the audio written (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys

import soundfile as sf

TEXT = "The keeper climbed the stairs. He lit the great lamp, and watched the ships!"


def test_synth_writes_word_and_sentence_times_that_fit_the_audio(tmp_home, tmp_path):
    out, stamps_path = tmp_path / "keeper.wav", tmp_path / "keeper.json"
    done = subprocess.run([sys.executable, "-m", "litetts_cli", "synth", TEXT, "-o", str(out), "--timestamps",
                           str(stamps_path), "--json", "--no-cache"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["timestamps"] == str(stamps_path) and summary["timing"] == "exact"
    stamps = json.loads(stamps_path.read_text())
    audio, rate = sf.read(out)
    words = stamps["words"]
    assert [w["text"] for w in words] == TEXT.split()
    assert all(w["start"] < w["end"] for w in words)
    assert all(a["end"] <= b["start"] + 0.001 for a, b in zip(words, words[1:]))
    assert words[-1]["end"] <= len(audio) / rate + 0.001
    # A comma and a sentence end are pauses between words, not parts of them.
    assert words[10]["start"] - words[9]["end"] > 0.04  # "lamp," -> "and": the comma's pause is in neither word
    assert words[5]["start"] - words[4]["end"] > 0.1  # "stairs." -> "He"
    assert [s["text"] for s in stamps["sentences"]] == ["The keeper climbed the stairs.",
                                                       "He lit the great lamp, and watched the ships!"]
    assert [s["start"] for s in stamps["sentences"]] == [words[0]["start"], words[5]["start"]]


def test_timestamps_file_cannot_be_the_input(tmp_home, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("A short story.")
    done = subprocess.run([sys.executable, "-m", "litetts_cli", "synth", str(story), "-o", str(tmp_path / "s.wav"),
                           "--timestamps", str(story)], capture_output=True, text=True, timeout=600)
    assert done.returncode != 0 and "would destroy the input" in done.stderr, done.stderr
    assert story.read_text() == "A short story." and not (tmp_path / "s.wav").exists()
