"""Clone a voice from clips, and measure a voice against a clip: what the CLI and the
server call. Nothing here prints."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.clone import encoder
from litetts_cli.clone.clips import RATE, Clip, check_total
from litetts_cli.clone.notes import median_f0, syllable_rate
from litetts_cli.clone.fit import FitOptions, FitResult, Progress, Synth, fit_voice
from litetts_cli.engine.voices import Voice, VoiceLibrary, check_new_name
from litetts_cli.g2p.languages import language_for_voice
from litetts_cli.store.voices import voice_facts

CLONE_LANGUAGES = ("en-us", "en-gb")
"""The stock voices a clone starts from (the search sentences are English)."""


_GRADES = "A+ A A- B+ B B- C+ C C- D+ D D- F+ F F-".split()


def stock_packs(library: VoiceLibrary) -> dict[str, np.ndarray]:
    """English stock voices, best-graded first, women's and men's voices taking turns (a
    tight budget compares only the first few, and the speaker may be either)."""
    facts = {n: f for n, f in voice_facts().items() if f.get("language") in CLONE_LANGUAGES}
    ranked = sorted(facts, key=lambda n: (_GRADES.index(facts[n]["grade"]) if facts[n].get("grade") in _GRADES else 99, n))
    by_gender = [[n for n in ranked if facts[n].get("gender") == g] for g in ("female", "male")]
    order = [n for pair in itertools.zip_longest(*by_gender) for n in pair if n]
    order += [n for n in ranked if n not in order]
    return {name: library.load(name).pack for name in order}


MALE_BELOW_HZ, FEMALE_ABOVE_HZ = 130.0, 215.0
"""Median F0 of the clips that picks the stock voices' gender for the start; in between
(or with fewer than six voices of that gender), all voices are used. Wide on purpose:
of the ten LibriSpeech readers tried, a man measured 170 Hz on some utterances and
198 Hz on others (YIN octave slips on a noisy recording), a woman 183 Hz."""


def same_register(f0: float, stock: dict[str, np.ndarray], least: int = 6) -> set[str] | None:
    """Stock voices whose gender fits a speaker of median F0 ``f0`` Hz. The speaker
    embedding alone can rank a voice of the other register first (a bright, noisy
    recording of a woman at 235 Hz came out nearest a man's voice at 110 Hz), and the
    descent cannot move pitch that far."""
    gender = "male" if 0 < f0 <= MALE_BELOW_HZ else "female" if f0 >= FEMALE_ABOVE_HZ else None
    facts = voice_facts()
    names = {n for n in stock if gender and facts.get(n, {}).get("gender") == gender}
    return names if len(names) >= least else None


def target_embedding(clips: list[Clip]) -> np.ndarray:
    """The speaker's embedding: clip embeddings weighted by length."""
    check_total(clips)
    vectors = [encoder.embed_clip(c.samples, c.name) * c.seconds for c in clips]
    total = np.sum(vectors, axis=0)
    return total / np.linalg.norm(total)


def make_synth(engine, library: VoiceLibrary) -> Synth:
    from litetts_cli.speech import Speaker

    speaker = Speaker(engine, library.load("af_heart"))
    return Synth(engine, speaker.plan)


@lru_cache(maxsize=1)
def _cpu_model(path: str):
    from litetts_cli.engine.torch_engine import TorchEngine

    return TorchEngine(Path(path), "cpu").model


def descent_model(engine, models_dir: Path):
    """The torch Kokoro model the descent runs through: the engine's own when it is the
    torch engine, else one on the CPU from the bundled model (loaded once)."""
    from litetts_cli.engine.device import TORCH_MODEL
    from litetts_cli.store.models import resolve_model

    model = getattr(engine, "model", None)
    if model is not None:
        return model
    return _cpu_model(str(resolve_model(Path(models_dir), TORCH_MODEL)))


def clone_voice(name: str, clips: list[Clip], library: VoiceLibrary, engine, models_dir: Path,
                options: FitOptions = FitOptions(), progress: Progress = lambda f, w: None) -> tuple[Voice, FitResult]:
    """Fit and save voice ``name``; returns it with how it was fitted."""
    check_new_name(name)
    target = target_embedding(clips)
    model = descent_model(engine, models_dir)
    pitch = median_f0([c.samples for c in clips], RATE)
    rate = syllable_rate([c.samples for c in clips], RATE)
    stock = stock_packs(library)
    result = fit_voice(target, stock, make_synth(engine, library), model, options, progress, pitch,
                       same_register(pitch, stock), rate)
    heaviest = max(result.blend, key=result.blend.get)
    meta = {
        "language": language_for_voice(heaviest),
        "kind": "clone",
        "spec": f"clone of {len(clips)} clip(s)",
        "method": result.method,
        "score": round(result.score, 4),
        "score_is": "Resemblyzer cosine similarity of this voice's speech on held-out sentences to the clips",
        "candidates": {k: round(v, 4) for k, v in result.candidates.items()},
        "word_errors": result.word_errors,
        "nearest_stock": [[n, round(s, 4)] for n, s in result.nearest],
        "blend": result.blend,
        "offset": result.offset,
        "descent_steps": result.steps,
        "stock_voices_ranked": result.compared,
        "fit_seconds": round(result.seconds, 1),
        "time_budget_s": options.time_budget_s,
        "clips": [{"name": c.name, "sha256": c.sha256, "speech_seconds": round(c.seconds, 2)} for c in clips],
        "speaker_f0_hz": round(pitch, 1),
        "finalists_f0_hz": result.pitch,
        "speed": result.speed,
        "speed_is": "this voice's own pace, multiplying any speed asked for: fitted to the clips' syllable rate",
        "syllables_per_s": result.rates,
        "embedding": [round(float(x), 5) for x in target],
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    return library.save_pack(name, result.pack, meta), result


@dataclass(frozen=True)
class Similarity:
    voice: float
    nearest: list[tuple[str, float]]


def similarity(clips: list[Clip], voice: Voice, library: VoiceLibrary, engine, top: int = 5) -> Similarity:
    """How close ``voice``'s speech (held-out sentences) is to the clips, and the nearest stock voices."""
    target = target_embedding(clips)
    synth = make_synth(engine, library)
    score = synth.similarity(voice.pack, target, "held_out", speed=voice.speed)[0]
    stock = stock_packs(library)
    ranked = sorted(((n, synth.similarity(p, target, "held_out", 1)[0]) for n, p in stock.items()),
                    key=lambda item: -item[1])
    return Similarity(score, ranked[:top])


def speak_embedding(audio: np.ndarray) -> np.ndarray:
    return encoder.embed(audio, SAMPLE_RATE)
