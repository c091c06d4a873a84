"""`litetts synth` end to end with the real model, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import wave

import numpy as np
import pytest
import soundfile as sf

from litetts_cli.cli.app import main
from tests.helpers import rms_db, transcribe, word_error_rate

LITETTS = [sys.executable, "-m", "litetts_cli"]


def run_main(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def test_hello_there_is_clear_speech(tmp_home, tmp_path, capsys, whisper):
    out = tmp_path / "hi.wav"
    code, _, err = run_main(["synth", "Hello there.", "-o", str(out)], capsys)
    assert code == 0, err
    audio, rate = sf.read(out, dtype="float32")
    assert rate == 24_000
    assert 0.5 < len(audio) / rate < 3.0
    assert rms_db(audio) > -35
    assert word_error_rate("Hello there.", transcribe(whisper, audio)) <= 0.1


def test_json_summary(tmp_home, tmp_path, capsys):
    out = tmp_path / "s.flac"
    code, stdout, _ = run_main(["synth", "One sentence. And another one.", "-o", str(out), "--json"], capsys)
    import json

    summary = json.loads(stdout)
    assert code == 0
    assert summary["format"] == "flac" and summary["chunks"] == 2
    assert summary["audio_seconds"] == pytest.approx(sf.info(out).duration, abs=0.05)


def test_stdin_to_stdout_wav_pipeline(tmp_home):
    result = subprocess.run(
        LITETTS + ["synth", "-", "-o", "-"], input=b"Hello.", capture_output=True, timeout=300
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout[:4] == b"RIFF" and result.stdout[8:12] == b"WAVE"
    audio = np.frombuffer(result.stdout[44:], dtype="<i2")
    assert 0.3 < audio.size / 24_000 < 3.0


def test_pcm_first_bytes_arrive_while_later_sentences_are_synthesized(tmp_home):
    text = " ".join(f"This is sentence number {n}, spoken while the rest is still being made." for n in range(1, 9))
    process = subprocess.Popen(
        LITETTS + ["synth", "-", "-o", "-", "--format", "pcm", "--no-cache"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    process.stdin.write(text.encode())
    process.stdin.close()
    first = os.read(process.stdout.fileno(), 4096)
    still_running_at_first_audio = process.poll() is None
    rest = process.stdout.read()
    process.wait(timeout=600)
    assert process.returncode == 0, process.stderr.read().decode()
    assert first, "no audio came out"
    assert still_running_at_first_audio, "first audio arrived only after synthesis had finished"
    total = (len(first) + len(rest)) // 2
    assert total / 24_000 > 20  # eight sentences of ~3 s each


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["synth", "Hi.", "--voice", "af_hart"], 2, "did you mean af_heart"),
        (["synth", "Hi.", "--voice", "af_heart:0.5,,bf_emma"], 2, "malformed voice blend"),
        (["synth", "Hi.", "--voice", "af_heart:lots"], 2, "is not a number"),
        (["synth", "   "], 2, "no text to speak"),
        (["synth", "Hi.", "--format", "xyz"], 2, "format"),
        (["synth", "Hi.", "--speed", "9"], 2, "out of range"),
        (["synth", "missing-file.txt"], 1, "no such file"),
        (["synth", "Hi.", "--model", "kokoro-v1.0-fp32"], 1, "litetts models fetch kokoro-v1.0-fp32"),
    ],
)
def test_bad_input_is_one_clear_line_and_no_file(tmp_home, tmp_path, capsys, args, code, message):
    out = tmp_path / "out.wav"
    extra = [] if "-o" in args else ["-o", str(out)]
    got, _, err = run_main(args + extra, capsys)
    assert got == code
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert list(tmp_path.glob("*.wav*")) == []


def test_unwritable_output_fails_before_synthesis(tmp_home, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root ignores permissions: use a missing folder
            target = tmp_path / "missing" / "x.wav"
        else:
            target = locked / "x.wav"
        code, _, err = run_main(["synth", "Hi.", "-o", str(target)], capsys)
    finally:
        locked.chmod(0o700)
    assert code == 1
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_show_phonemes_prints_and_writes_nothing(tmp_home, tmp_path, capsys, monkeypatch):
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    code, out, _ = run_main(["synth", "Hello world.", "--show-phonemes"], capsys)
    assert code == 0
    assert "həlˈoʊ wˈɜːld." in out
    assert list(workdir.iterdir()) == []
    assert not (tmp_home / "cache").exists()


def test_blend_voice_speaks(tmp_home, tmp_path, capsys, whisper):
    out = tmp_path / "blend.wav"
    code, _, err = run_main(["synth", "Good morning, everyone.", "-o", str(out), "--voice", "af_heart:0.6,bf_emma:0.4"], capsys)
    assert code == 0, err
    audio, _ = sf.read(out, dtype="float32")
    assert word_error_rate("Good morning, everyone.", transcribe(whisper, audio)) <= 0.1


def test_speed_changes_duration(tmp_home, tmp_path, capsys):
    durations = {}
    for speed in ("0.7", "1.4"):
        out = tmp_path / f"s{speed}.wav"
        code, _, err = run_main(["synth", "The quick brown fox jumps over the lazy dog.", "-o", str(out), "--speed", speed], capsys)
        assert code == 0, err
        with wave.open(str(out)) as handle:
            durations[speed] = handle.getnframes()
    assert durations["0.7"] > 1.5 * durations["1.4"]


def test_lexicon_sets_pronunciation(tmp_home, tmp_path, capsys):
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('[words]\nKokoro = "/kˈoʊkəɹoʊ/"\nNguyen = "win"\n\n[normalize.replace]\n"\\\\bSQL\\\\b" = "sequel"\n')
    code, out, err = run_main(["synth", "Kokoro and Nguyen like SQL.", "--show-phonemes", "--lexicon", str(lexicon)], capsys)
    assert code == 0, err
    assert "kˈoʊkəɹoʊ" in out and "wˈɪn" in out and "sˈiːkwəl" in out


def test_broken_lexicon_is_one_line(tmp_home, tmp_path, capsys):
    lexicon = tmp_path / "bad.toml"
    lexicon.write_text("[normalize.replace]\n\"(unclosed\" = \"x\"\n")
    code, _, err = run_main(["synth", "Hi.", "--show-phonemes", "--lexicon", str(lexicon)], capsys)
    assert code == 2 and "not a valid regular expression" in err and "Traceback" not in err


def test_sentence_pause_is_configurable(tmp_home, tmp_path, capsys, monkeypatch):
    lengths = {}
    for seconds in (0.2, 1.7):
        config = tmp_path / f"c{seconds}.toml"
        config.write_text(f"[pauses]\nsentence = {seconds}\n")
        monkeypatch.setenv("LITETTS_CONFIG", str(config))
        out = tmp_path / f"p{seconds}.wav"
        code, _, err = run_main(["synth", "One. Two.", "-o", str(out)], capsys)
        assert code == 0, err
        lengths[seconds] = sf.info(out).duration
    assert lengths[1.7] - lengths[0.2] == pytest.approx(1.5, abs=0.05)
