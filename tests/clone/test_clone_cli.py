"""`litetts voices clone` and `voices similarity` as a user runs them: bad clips are
refused with one line, and a short clone gives a voice usable by `synth`."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest
import soundfile as sf

from litetts_cli.cli.app import main
from litetts_cli.encode.ffmpeg import ffmpeg_exe


def run(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def _noise_music(path):
    t = np.arange(24_000 * 8) / 24_000
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220, 277, 330)) * 0.2
    sf.write(path, chord.astype(np.float32), 24_000)


def _short(path, speakers):
    a, rate = sf.read(sorted((speakers / "1998").glob("*.flac"))[0])
    sf.write(path, a[: int(rate * 2.5)], rate)


CASES = [
    ("not-audio.wav", lambda p, s: p.write_text("this is a text file, not a recording\n" * 50), "not audio"),
    ("silence.wav", lambda p, s: sf.write(p, np.zeros(24_000 * 6, dtype=np.float32), 24_000), "is silent"),
    ("tone.flac", lambda p, s: _noise_music(p), "music or steady noise"),
    ("short.wav", _short, "at least 5 s"),
    ("notes.txt", lambda p, s: p.write_text("hello"), "not a wav, flac, mp3 or m4a"),
]


@pytest.mark.parametrize("filename, make, message", CASES, ids=[c[0] for c in CASES])
def test_bad_clips_are_refused_with_one_line(tmp_home, tmp_path, capsys, speakers, filename, make, message):
    clip = tmp_path / filename
    make(clip, speakers)
    code, out, err = run(["voices", "clone", "mine", str(clip), "--time-budget", "10"], capsys)
    assert code != 0 and message in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_home / "voices-custom").exists() or not list((tmp_home / "voices-custom").glob("mine*"))


def test_clone_with_tiny_budget_is_a_voice_synth_can_use(tmp_home, tmp_path, capsys, speaker_clips):
    # An m4a clip too, so decoding goes through ffmpeg for a compressed format.
    m4a = tmp_path / "first.m4a"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(speaker_clips[0]), str(m4a)], check=True)
    code, out, err = run(["voices", "clone", "reader", str(m4a), *map(str, speaker_clips[1:]),
                          "--time-budget", "10", "--json"], capsys)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["voice"] == "reader" and -1 <= summary["similarity"] <= 1
    code, out, err = run(["voices", "list", "--json"], capsys)
    custom = [r for r in json.loads(out) if r["name"] == "reader"]
    assert custom and custom[0]["installed"]
    meta = json.loads(next(tmp_home.rglob("reader.json")).read_text())
    assert meta["kind"] == "clone" and len(meta["clips"]) == 5
    assert all(len(c["sha256"]) == 64 for c in meta["clips"])
    out_wav = tmp_path / "said.wav"
    code, _, err = run(["synth", "Hello there.", "-o", str(out_wav), "--voice", "reader:0.7,af_heart:0.3"], capsys)
    assert code == 0, err
    audio, _ = sf.read(out_wav)
    assert len(audio) > 12_000 and np.sqrt(np.mean(audio**2)) > 0.01


def test_real_read_speech_is_never_refused(speakers):
    """The music/noise check must pass every reference utterance (it once refused one)."""
    from litetts_cli.clone.clips import read_clip

    files = sorted(speakers.glob("*/*.flac"))
    assert len(files) == 40
    assert all(read_clip(f).seconds > 1 for f in files)
