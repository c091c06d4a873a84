"""`litetts book --verify` (issue 17, part 4): planted mistakes are listed, a clean
chapter lists nothing. Real model, real Whisper tiny.en; a few sentences each."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

LITETTS = [sys.executable, "-m", "litetts_cli"]

CLEAN = """# The Garden

On the 3rd of May 1998, Mrs. Bennet walked into the garden with her two daughters.

Elizabeth picked a flower and laughed. She said it cost less than $5 at the market in town.

Their neighbour, Dr. Lucas, waved from his gate. He had lived in the village for 25 years.
"""
# The same chapter with an invented name, read with a wrong lexicon entry for "village".
PLANTED = CLEAN.replace("market in town", "market in Xqorthyx")
WRONG_LEXICON = '[words]\nvillage = "/bˈʌtɚ/"\n'


def verify(tmp_path: Path, text: str, *args: str) -> tuple[dict, Path]:
    source = tmp_path / "garden.md"
    source.write_text(text)
    out = tmp_path / "garden.wav"
    done = subprocess.run(
        LITETTS + ["book", str(source), "-o", str(out), "--cache-dir", str(tmp_path / "cache"), "--verify", "--json", *args],
        capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["verify"], out


def test_a_clean_chapter_lists_nothing(tmp_home, tmp_path):
    report, out = verify(tmp_path, CLEAN)
    assert report["suspects"] == []
    assert report["chunks"] == 4 and report["audio_seconds"] > 10
    written = out.with_suffix(".verify.md").read_text()
    assert "0 suspect passage(s)" in written and report["report"] == str(out.with_suffix(".verify.md"))


def test_planted_mistakes_are_listed_with_their_causes(tmp_home, tmp_path):
    lexicon = tmp_path / "wrong.toml"
    lexicon.write_text(WRONG_LEXICON)
    report_path = tmp_path / "proof.json"
    report, out = verify(tmp_path, PLANTED, "--lexicon", str(lexicon), "--verify-report", str(report_path))
    found = {(s["expected"], s["cause"]) for s in report["suspects"]}
    assert found == {("xqorthyx", "unknown word or name"), ("village", "lexicon entry")}, report["suspects"]
    for suspect in report["suspects"]:
        assert suspect["chapter"] == 1 and 0 < suspect["time_s"] < report["audio_seconds"]
    assert json.loads(report_path.read_text())["suspects"] == report["suspects"]


def test_verify_report_needs_verify(tmp_home, tmp_path):
    source = tmp_path / "garden.md"
    source.write_text(CLEAN)
    done = subprocess.run(LITETTS + ["book", str(source), "--verify-report", str(tmp_path / "r.md")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "--verify-report needs --verify" in done.stderr


def test_missing_whisper_is_one_line_that_says_how_to_install_it(monkeypatch):
    from litetts_cli.errors import QualityToolsMissing
    from litetts_cli.verify.whisper import whisper_model

    whisper_model.cache_clear()
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    try:
        with pytest.raises(QualityToolsMissing, match=r"--verify need Whisper") as caught:
            whisper_model()
        assert "litetts[quality]" in caught.value.hint
    finally:
        whisper_model.cache_clear()
