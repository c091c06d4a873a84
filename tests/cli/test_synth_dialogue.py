"""`litetts synth --dialogue-voice / --voices-file` (issue 17, part 3): speech and
narration in their voices, as in `litetts book`."""

from __future__ import annotations

import json
import subprocess
import sys

import soundfile as sf

LITETTS = [sys.executable, "-m", "litetts_cli"]


def test_synth_reads_speech_in_the_dialogue_voice_and_a_named_speaker_in_theirs(tmp_home, tmp_path):
    source = tmp_path / "visit.txt"
    source.write_text("“Hello there,” said Alice.\n\n“Very well,” Bob said.\n")
    voices = tmp_path / "cast.json"
    voices.write_text('{"speakers": {"Bob": "bm_george"}}')
    out = tmp_path / "visit.wav"
    done = subprocess.run(LITETTS + ["synth", str(source), "-o", str(out), "--dialogue-voice", "af_bella",
                                     "--voices-file", str(voices), "--json", "--no-cache"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["voices"] == ["af_bella", "af_heart", "bm_george"]
    assert summary["chunks"] == 4  # Alice's words, "said Alice.", Bob's words, "Bob said."
    audio, rate = sf.read(out, dtype="float32")
    assert 2.5 < len(audio) / rate < 10


def test_synth_without_a_cast_reads_everything_in_one_voice(tmp_home, tmp_path):
    out = tmp_path / "plain.wav"
    done = subprocess.run(LITETTS + ["synth", "“Hello,” said Alice.", "-o", str(out), "--json", "--no-cache"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["voices"] == ["af_heart"] and summary["chunks"] == 1
