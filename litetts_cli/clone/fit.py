"""Fit a Kokoro style table (510 x 256) to a speaker embedding.

1. The English stock voices are ranked by the similarity of their speech (the ``rank``
   sentences; embeddings shipped in ``data/stock_embeddings.json``) to the target.
2. The nearest ``blend_size`` voices are blended with non-negative least squares on
   their embeddings (weights summing to 1).
3. The nearest stock voice and the blend speak held-out sentences the descent never
   speaks; gradient descent (``descent``) starts from the more similar of the two (of
   those within ``max_pitch_semitones`` of the speaker's F0, when one is) and fits
   one offset added to every row of it, through Kokoro in torch and a differentiable copy
   of the speaker encoder, the search sentences taking turns. A snapshot is kept every
   ``snapshot_every`` steps. At most ``reserve_share`` of the budget is kept back for the
   checks below, so a slow (loaded) machine still leaves the descent most of it.
4. Up to ``finalists`` snapshots (the last, and earlier ones evenly spaced back to a
   quarter of the way, while time is left) speak the held-out sentences too. The most
   similar of all is the result, provided a descent snapshot is still heard clearly:
   Whisper WER <= ``max_wer`` on its held-out speech and the ``check`` sentences. A
   snapshot that fails gives way to the next most similar, in the end the stock voice or
   blend: a later snapshot may sound more like the speaker and less like words.
   A finalist whose median F0 on the held-out sentences is more than
   ``max_pitch_semitones`` from the clips' is refused first (unless none is within it):
   the embedding alone can prefer a voice in the other register.
5. The pace: the chosen voice's syllable rate on the held-out and check sentences is
   matched to the clips' with a per-voice speed (``fit_speed``): durations get no
   gradient in the descent, so a clone keeps its start's pace otherwise.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.clone import encoder
from litetts_cli.clone.descent import DescentOptions, descend, stock_scale
from litetts_cli.clone.notes import median_f0, syllable_rate
from litetts_cli.engine.voices import Voice

Progress = Callable[[float, str], None]
"""``progress(fraction_done, what)``."""

STOCK, BLEND = "nearest stock voice", "nnls blend"


@lru_cache(maxsize=1)
def texts() -> dict[str, list[str]]:
    raw = json.loads(resources.files("litetts_cli.clone").joinpath("data/texts.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if isinstance(v, list)}


@lru_cache(maxsize=1)
def shipped_embeddings() -> dict[str, np.ndarray]:
    """Stock voices' speaker embeddings on the search sentences (``stock_embeddings``
    writes them)."""
    path = resources.files("litetts_cli.clone").joinpath("data/stock_embeddings.json")
    if not path.is_file():
        return {}
    return {k: np.asarray(v, np.float32) for k, v in json.loads(path.read_text("utf-8"))["voices"].items()}


@dataclass(frozen=True)
class FitOptions:
    time_budget_s: float = 300.0
    blend_size: int = 6
    max_wer: float = 0.05
    snapshot_every: int = 4
    finalists: int = 4
    """Descent snapshots scored on the held-out sentences."""
    max_steps: int = 10_000
    """Descent steps at most (the time budget usually stops it first)."""
    overrun_share: float = 0.4
    """The descent's first ``descent.min_steps`` steps may run this share of the budget
    past its end (a loaded machine): a slower fit rather than none."""
    reserve_share: float = 0.3
    """At most this share of the budget is kept back for the checks after the descent."""
    max_pitch_semitones: float = 4.0
    """A finalist whose median F0 is further than this from the clips' is chosen only if
    none is nearer. A major third: wider than the spread of one reader's median across
    utterances (1-3 semitones measured on the LibriSpeech readers, whose F0 interquartile
    range is 2-6 semitones), a third of the octave between typical men's (~110 Hz) and
    women's (~210 Hz) voices, so a clone past it is heard in another register."""
    speed_range: tuple[float, float] = (0.7, 1.3)
    """The fitted speed is kept within this (0 or equal bounds: no speed fit)."""
    descent: DescentOptions = DescentOptions()


@dataclass
class FitResult:
    pack: np.ndarray
    method: str
    score: float
    """Speaker similarity on the held-out sentences."""
    nearest: list[tuple[str, float]]
    """Stock voices by similarity on the ranking sentences, best first."""
    blend: dict[str, float]
    offset: list[float]
    """The descent's offset added to every row of the blend (empty unless it won)."""
    steps: int
    seconds: float
    compared: int = 0
    """Stock voices ranked."""
    candidates: dict[str, float] = field(default_factory=dict)
    """Held-out similarity of each finalist."""
    word_errors: dict[str, float] = field(default_factory=dict)
    """Whisper WER of each snapshot checked (most similar first, until one passed)."""
    pitch: dict[str, float] = field(default_factory=dict)
    """Median F0 (Hz) of each finalist's held-out speech."""
    speed: float = 1.0
    """The voice's own speed, fitted to the clips' syllable rate."""
    rates: dict[str, float] = field(default_factory=dict)
    """Syllables per second: ``clips``, the voice at speed 1 and at ``speed``."""


class Synth:
    """Speaks fixed sentences in any style table on one engine."""

    def __init__(self, engine, plan: Callable[[str], list]):
        self.engine = engine
        self.sentences = {kind: [[c.token_ids for c in plan(t) if c.token_ids] for t in lines]
                          for kind, lines in texts().items()}

    def speak(self, pack: np.ndarray, kind: str, count: int | None = None, speed: float = 1.0) -> list[np.ndarray]:
        voice = Voice("fit", pack, "en-us")
        out = []
        for chunks in self.sentences[kind][:count]:
            out.append(np.concatenate([self.engine.synthesize(ids, voice.style_for(len(ids)), speed)
                                       for ids in chunks]))
        return out

    def similarity(self, pack: np.ndarray, target: np.ndarray, kind: str, count: int | None = None,
                   speed: float = 1.0) -> tuple[float, list]:
        audio = self.speak(pack, kind, count, speed)
        sims = [encoder.cosine(encoder.embed(a, SAMPLE_RATE), target) for a in audio]
        return float(np.mean(sims)), audio

    def embedding(self, pack: np.ndarray, kind: str = "rank") -> np.ndarray:
        """Speaker embedding of ``pack``'s speech on all of ``kind``'s sentences."""
        return encoder.embed(np.concatenate(self.speak(pack, kind)), SAMPLE_RATE)


def word_error(audio: list[np.ndarray], sentences: list[str]) -> float:
    from litetts_cli.bench.quality import transcribe, word_error_rate

    return float(np.mean([word_error_rate(ref, transcribe(a, SAMPLE_RATE)) for a, ref in zip(audio, sentences)]))


def spread_snapshots(snapshots: list, count: int) -> list:
    """Up to ``count`` of ``snapshots``, evenly spaced from a quarter of the way to the last."""
    if len(snapshots) <= count:
        return list(snapshots)
    return [snapshots[round(len(snapshots) * k / count) - 1] for k in range(1, count + 1)]


def reserve_for_checks(per_check: float, options: FitOptions) -> float:
    """Seconds kept back from the descent for scoring snapshots and the Whisper check:
    about ``finalists + 5`` held-out checks (the last two: the speed fit), but never more than ``reserve_share`` of the
    budget, so a loaded machine (slow checks) still leaves most of it to the descent."""
    return min((options.finalists + 5) * per_check, options.reserve_share * options.time_budget_s)


def semitones(hz: float, reference_hz: float) -> float:
    """Signed interval from ``reference_hz`` to ``hz``; 0 when either is unknown (0)."""
    return float(12 * np.log2(hz / reference_hz)) if hz > 0 and reference_hz > 0 else 0.0


def choice_order(similarity: dict[str, float], pitch: dict[str, float], target_f0: float | None,
                 max_semitones: float) -> list[str]:
    """Finalists in the order they are tried: those within ``max_semitones`` of the
    speaker's F0 first, each group most similar first."""
    def off(label: str) -> bool:
        hz = pitch.get(label, 0.0)
        return bool(target_f0) and (hz <= 0 or abs(semitones(hz, target_f0)) > max_semitones)

    return sorted(similarity, key=lambda k: (off(k), -similarity[k]))


def fit_speed(synth: Synth, pack: np.ndarray, target_rate: float | None, bounds: tuple[float, float],
              audio: list[np.ndarray] | None = None) -> tuple[float, dict[str, float]]:
    """The speed at which ``pack`` reads at ``target_rate`` syllables per second (the
    clips', measured the same way, ``notes.syllable_rate``), on the held-out and check
    sentences: the rate at speed 1, a first guess assuming rate is proportional to speed,
    one correction measured at that guess (the count is not proportional to speed: a
    slower voice shows more nuclei). ``audio``: the held-out then check speech at speed 1
    if already spoken (the Whisper check speaks both). Returns (speed, rates)."""
    low, high = bounds
    if not target_rate or high <= low:
        return 1.0, {}
    sentences = ("held_out", "check")
    if audio is None:
        audio = [a for kind in sentences for a in synth.speak(pack, kind)]
    natural = syllable_rate(audio, SAMPLE_RATE)
    if natural <= 0:
        return 1.0, {}
    speed = float(np.clip(target_rate / natural, low, high))
    guessed = syllable_rate([a for kind in sentences for a in synth.speak(pack, kind, speed=speed)], SAMPLE_RATE)
    if guessed > 0:
        speed = float(np.clip(speed * target_rate / guessed, low, high))
    return round(speed, 3), {"clips": round(target_rate, 3), "voice at speed 1": round(natural, 3),
                             "voice at first guess": round(guessed, 3)}


def heard_speed(speed: float, wer_at: Callable[[float], float], max_wer: float) -> tuple[float, dict[str, float]]:
    """The fitted ``speed`` if its speech is still heard (``wer_at(speed)`` <= ``max_wer``),
    else halfway back to 1, else 1: a fast reader's pace must not cost the words (a clone
    fitted to 1.3 read at WER 0.12 where it read 0.02 at 1). Returns (speed, WER by speed)."""
    tried: dict[str, float] = {}
    for candidate in (speed, round((speed + 1) / 2, 3)):
        if candidate == 1.0:
            break
        tried[f"speed {candidate:g}"] = round(wer_at(candidate), 4)
        if tried[f"speed {candidate:g}"] <= max_wer:
            return candidate, tried
    return 1.0, tried


def nnls_weights(embeddings: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Non-negative weights (sum 1) whose blend of ``embeddings`` rows is nearest ``target``."""
    from scipy.optimize import nnls

    weights, _ = nnls(embeddings.T.astype(np.float64), target.astype(np.float64))
    if weights.sum() <= 0:
        weights = np.eye(len(embeddings))[0]
    return weights / weights.sum()


def fit_voice(target: np.ndarray, stock: dict[str, np.ndarray], synth: Synth, model,
              options: FitOptions = FitOptions(), progress: Progress = lambda f, w: None,
              target_f0: float | None = None, eligible: set[str] | None = None,
              target_rate: float | None = None) -> FitResult:
    """``model``: the torch ``KokoroModel`` the descent runs through; ``target_f0``: the
    speaker's median F0 in Hz (the descent's pitch term and the choice's pitch check);
    ``target_rate``: the clips' syllables per second (the speed fit);
    ``eligible``: the stock voices the blend and the start may use (all when None; the
    ranking reported in ``nearest`` is always over all of them)."""
    started = time.monotonic()
    deadline = started + options.time_budget_s
    names = list(stock)
    packs = np.stack([stock[n] for n in names])
    shipped = shipped_embeddings()
    emb = np.stack([shipped[n] if n in shipped else synth.embedding(stock[n], "rank") for n in names])
    sims = emb @ target
    order = np.argsort(sims)[::-1]
    nearest = [(names[i], float(sims[i])) for i in order]
    usable = [i for i in order if eligible is None or names[i] in eligible]
    top = np.array(usable[: options.blend_size])
    weights = nnls_weights(emb[top], target)
    base = np.tensordot(weights, packs[top], 1).astype(np.float32)
    finalists = {STOCK: packs[top[0]], BLEND: base}
    held: dict[str, tuple[float, list]] = {}
    timings = []
    for label, pack in finalists.items():
        checked = time.monotonic()
        held[label] = synth.similarity(pack, target, "held_out")
        timings.append(time.monotonic() - checked)
    per_check = timings[-1]  # the first includes the engine's warm-up
    pitch = {k: median_f0(v[1], SAMPLE_RATE) for k, v in held.items()}
    # The start is held to the same pitch rule as the final choice: a start off the
    # speaker's register leaves every snapshot of a short (loaded) descent off it too.
    start = choice_order({k: v[0] for k, v in held.items()}, pitch, target_f0, options.max_pitch_semitones)[0]
    progress(0.1, f"nearest stock voices and their blend; descent starts from the {start}")

    descent_end = deadline - reserve_for_checks(per_check, options)
    span = max(descent_end - time.monotonic(), 1e-9)
    sentences = [chunks[0] for chunks in synth.sentences["search"]]
    origin = finalists[start]
    fitted = descend(model, origin, stock_scale(packs), target, sentences, descent_end, options.descent,
                     max_steps=options.max_steps, snapshot_every=options.snapshot_every,
                     progress=lambda step, sim: progress(
                         0.1 + 0.75 * (1 - max(descent_end - time.monotonic(), 0) / span),
                         f"descent step {step}, similarity {sim:.3f}"), target_f0=target_f0,
                     overrun=options.overrun_share * options.time_budget_s)
    # The last snapshot is always scored; earlier ones (to fall back on) while time is left.
    for step, offset in reversed(spread_snapshots(fitted.snapshots, options.finalists)):
        if len(finalists) > 2 and time.monotonic() + per_check > deadline:
            break
        finalists[f"descent {step} steps"] = (origin + offset).astype(np.float32)
        held[f"descent {step} steps"] = synth.similarity(finalists[f"descent {step} steps"], target, "held_out")
        progress(0.9, f"held-out check: descent {step} steps")
    word_errors: dict[str, float] = {}
    spoken: dict[str, list] = {}

    def heard(label: str) -> bool:
        """Stock voices and their blend are taken as intelligible; snapshots are checked."""
        if label in (STOCK, BLEND):
            return True
        audio = spoken[label] = held[label][1] + synth.speak(finalists[label], "check")
        word_errors[label] = word_error(audio, texts()["held_out"] + texts()["check"])
        progress(0.95, f"Whisper check: {label}, WER {word_errors[label]:.3f}")
        return word_errors[label] <= options.max_wer

    pitch.update({k: median_f0(v[1], SAMPLE_RATE) for k, v in held.items() if k not in pitch})
    order = choice_order({k: v[0] for k, v in held.items()}, pitch, target_f0, options.max_pitch_semitones)
    winner = next(k for k in order if heard(k))
    progress(0.97, f"chose {winner}; fitting its speed")
    speed, rates = fit_speed(synth, finalists[winner], target_rate, options.speed_range, spoken.get(winner))
    lines = texts()["held_out"] + texts()["check"]
    speed, at_speed = heard_speed(speed, lambda pace: word_error(
        synth.speak(finalists[winner], "held_out", speed=pace) + synth.speak(finalists[winner], "check", speed=pace), lines),
        options.max_wer)
    word_errors.update({f"{winner} at {k}": v for k, v in at_speed.items()})
    progress(1.0, f"chose {winner}, speed {speed:g}")
    offset = (finalists[winner] - origin)[0] if winner not in (STOCK, BLEND) else None
    from_stock = winner == STOCK or (offset is not None and start == STOCK)
    return FitResult(
        pack=finalists[winner], method={STOCK: STOCK, BLEND: BLEND}.get(winner, f"{start} + gradient descent"),
        score=held[winner][0], nearest=nearest[:5],
        blend={names[top[0]]: 1.0} if from_stock else {names[i]: round(float(x), 4) for i, x in zip(top, weights)},
        offset=[] if offset is None else [round(float(x), 5) for x in offset.reshape(-1)],
        steps=fitted.steps, seconds=time.monotonic() - started, compared=len(names),
        candidates={k: round(v[0], 4) for k, v in held.items()},
        word_errors={k: round(v, 4) for k, v in word_errors.items()},
        pitch={k: round(v, 1) for k, v in pitch.items()}, speed=speed, rates=rates,
    )
