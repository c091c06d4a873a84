"""Measure cloning on speaker folders
(``python -m litetts_cli.clone.measure SPEAKERS_DIR [BUDGET_S [MAX_STEPS]]``).

For each speaker folder: clone from utterances ``*-000[0-4]``, then against the
held-out utterances ``*-000[5-9]`` report the Resemblyzer cosine similarity of the
clone's speech (held-out sentences) and of the nearest stock voice the fit found,
Whisper tiny.en WER of the clone on the intelligibility sentences, the clone time, and
objective notes (``notes``: F0, speaking rate, brightness, artefacts) of the held-out
recordings, the clone's speech and the nearest stock voice's. Prints one JSON object per
speaker.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.clone.clips import RATE, read_clip
from litetts_cli.clone.fit import FitOptions, texts
from litetts_cli.clone.notes import notes
from litetts_cli.clone.service import clone_voice, make_synth, target_embedding


def measure_speaker(folder: Path, library, engine, models_dir: Path, budget: float, steps: int) -> dict:
    from litetts_cli.bench.quality import transcribe, word_error_rate

    files = sorted(folder.glob("*.flac"))
    fit_clips = [read_clip(p) for p in files if p.stem[-4:] in {f"000{i}" for i in range(5)}]
    held_clips = [read_clip(p) for p in files if p.stem[-4:] in {f"000{i}" for i in range(5, 10)}]
    started = time.monotonic()
    voice, result = clone_voice(f"measure-{folder.name}", fit_clips, library, engine, models_dir,
                                FitOptions(time_budget_s=budget, max_steps=steps))
    seconds = time.monotonic() - started
    held = target_embedding(held_clips)
    synth = make_synth(engine, library)
    nearest_name = result.nearest[0][0]
    clone_sim, clone_audio = synth.similarity(voice.pack, held, "held_out", speed=voice.speed)
    stock_sim, stock_audio = synth.similarity(library.load(nearest_name).pack, held, "held_out")
    sentences = texts()["intelligibility"]
    audio = synth.speak(voice.pack, "intelligibility", speed=voice.speed)
    measured = {"reference": notes([c.samples for c in held_clips], RATE),
                "clone": notes(clone_audio + audio, SAMPLE_RATE), "nearest_stock": notes(stock_audio, SAMPLE_RATE)}
    wer = float(np.mean([word_error_rate(s, transcribe(a, SAMPLE_RATE)) for s, a in zip(sentences, audio)]))
    return {"speaker": folder.name, "method": result.method, "clone_similarity": round(clone_sim, 4),
            "nearest_stock": nearest_name, "nearest_stock_similarity": round(stock_sim, 4),
            "margin": round(clone_sim - stock_sim, 4), "wer": round(wer, 4), "clone_seconds": round(seconds, 1),
            "budget_s": budget, "load_average": round(os.getloadavg()[0], 1), "descent_steps": result.steps, "candidates": result.candidates,
            "word_errors": result.word_errors, "speed": result.speed, "fit_rates": result.rates,
            "finalists_f0_hz": result.pitch, "notes": {k: v.as_dict() for k, v in measured.items()}}


def main(argv: list[str]) -> None:
    from litetts_cli.config import resolve
    from litetts_cli.engine.voices import VoiceLibrary
    from litetts_cli.speech import load_engine

    root, budget = Path(argv[0]), float(argv[1]) if len(argv) > 1 else FitOptions().time_budget_s
    steps = int(argv[2]) if len(argv) > 2 else FitOptions().max_steps
    settings = resolve({})
    with tempfile.TemporaryDirectory(prefix="litetts-measure-") as custom:
        library = VoiceLibrary(settings.voices_dir, Path(custom))
        engine = load_engine(settings)
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            print(json.dumps(measure_speaker(folder, library, engine, settings.models_dir, budget, steps)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
