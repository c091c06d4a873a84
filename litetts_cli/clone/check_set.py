"""Build the held-out check set of cloning: six more LibriSpeech speakers
(``python -m litetts_cli.clone.check_set RESEMBLYZER_CHECKOUT OUT_DIR``).

Resemblyzer's source repository (a git clone of resemble-ai/Resemblyzer, Apache-2.0)
carries ten utterances each of ten LibriSpeech test-other speakers in
``audio_data/librispeech_test-other``. Four of them are the project's own reference
speakers (``shared/data/speakers``); the other six are copied here into ``OUT_DIR/<id>/``
with LibriSpeech's licence (CC BY 4.0, (c) 2014 Vassil Panayotov). The files stay out of
git; ``python -m litetts_cli.clone.measure OUT_DIR`` clones each from utterances 0000-0004
and measures against 0005-0009, exactly as for the four.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

SPEAKERS = {"367": "F", "533": "F", "3331": "F", "2033": "M", "2609": "M", "3005": "M"}
"""Speakers not among the reference four, and their sex (LibriSpeech's SPEAKERS.TXT)."""
SOURCE = Path("audio_data") / "librispeech_test-other"

README = """# Cloning check set (built, not in git)

Six LibriSpeech test-other speakers, ten utterances each (FLAC, 16 kHz), copied from
Resemblyzer's repository by `python -m litetts_cli.clone.check_set`. LibriSpeech ASR corpus
(c) 2014 Vassil Panayotov, Creative Commons Attribution 4.0 (LICENSE.TXT).
Clone from utterances 0000-0004, measure on 0005-0009.

| folder | sex |
|---|---|
{rows}
"""


def build(checkout: Path, out: Path) -> list[Path]:
    source = checkout / SOURCE
    if not source.is_dir():
        raise SystemExit(f"{source} is missing: pass the root of a clone of resemble-ai/Resemblyzer")
    made = []
    for speaker in SPEAKERS:
        files = sorted((source / speaker).glob(f"{speaker}-*-000[0-9].flac"))
        if len(files) != 10:
            raise SystemExit(f"{source / speaker} has {len(files)} utterances, expected 10")
        target = out / speaker
        target.mkdir(parents=True, exist_ok=True)
        for file in files:
            shutil.copyfile(file, target / file.name)
        made.append(target)
    shutil.copyfile(source / "LICENSE.TXT", out / "LICENSE.TXT")
    rows = "\n".join(f"| {s} | {sex} |" for s, sex in SPEAKERS.items())
    (out / "README.md").write_text(README.format(rows=rows), encoding="utf-8")
    return made


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m litetts_cli.clone.check_set RESEMBLYZER_CHECKOUT OUT_DIR")
    for folder in build(Path(sys.argv[1]), Path(sys.argv[2])):
        print(folder)
