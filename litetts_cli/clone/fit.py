"""Fit a Kokoro style table (510 x 256) to a speaker embedding.

1. Every English stock voice speaks a search sentence; its speech is embedded and
   compared with the target.
2. The nearest ``blend_size`` voices are blended with non-negative least squares on
   their embeddings (weights summing to 1).
3. A bounded (1+1) evolution strategy walks over the blend weights and a few principal
   directions of the stock tables (offsets capped at ``max_offset`` standard deviations),
   scored by the speaker similarity of speech on the search sentences. A step that
   improves the score is kept only if Whisper still hears the search sentences
   (WER <= ``max_wer``), so the walk cannot drift into voices that fool the scorer.
4. The nearest stock voice, the first blend and the walk's best are scored on held-out
   sentences the search never spoke; the best of the three there is the result.
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
from litetts_cli.engine.voices import Voice

Progress = Callable[[float, str], None]
"""``progress(fraction_done, what)``."""


@lru_cache(maxsize=1)
def texts() -> dict[str, list[str]]:
    raw = json.loads(resources.files("litetts_cli.clone").joinpath("data/texts.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if isinstance(v, list)}


@dataclass(frozen=True)
class FitOptions:
    time_budget_s: float = 300.0
    blend_size: int = 6
    directions: int = 8
    max_offset: float = 1.5
    max_wer: float = 0.10
    seed: int = 0


@dataclass
class FitResult:
    pack: np.ndarray
    method: str
    score: float
    """Speaker similarity on the held-out sentences."""
    nearest: list[tuple[str, float]]
    """Stock voices by similarity on the search sentence, best first."""
    blend: dict[str, float]
    offsets: list[float]
    evaluations: int
    seconds: float
    compared: int = 0
    """Stock voices compared (a tight budget leaves some out)."""
    candidates: dict[str, float] = field(default_factory=dict)
    """Held-out similarity of each finalist."""


class Synth:
    """Speaks fixed sentences in any style table on one engine."""

    def __init__(self, engine, plan: Callable[[str], list]):
        self.engine = engine
        self.sentences = {kind: [[c.token_ids for c in plan(t) if c.token_ids] for t in lines]
                          for kind, lines in texts().items()}

    def speak(self, pack: np.ndarray, kind: str, count: int | None = None) -> list[np.ndarray]:
        voice = Voice("fit", pack, "en-us")
        out = []
        for chunks in self.sentences[kind][:count]:
            out.append(np.concatenate([self.engine.synthesize(ids, voice.style_for(len(ids))) for ids in chunks]))
        return out

    def similarity(self, pack: np.ndarray, target: np.ndarray, kind: str, count: int | None = None) -> tuple[float, list]:
        audio = self.speak(pack, kind, count)
        sims = [encoder.cosine(encoder.embed(a, SAMPLE_RATE), target) for a in audio]
        return float(np.mean(sims)), audio


def intelligible(audio: list[np.ndarray], sentences: list[str], max_wer: float) -> bool:
    from litetts_cli.bench.quality import transcribe, word_error_rate

    wers = [word_error_rate(ref, transcribe(a, SAMPLE_RATE)) for a, ref in zip(audio, sentences)]
    return float(np.mean(wers)) <= max_wer


def nnls_weights(embeddings: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Non-negative weights (sum 1) whose blend of ``embeddings`` rows is nearest ``target``."""
    from scipy.optimize import nnls

    weights, _ = nnls(embeddings.T.astype(np.float64), target.astype(np.float64))
    if weights.sum() <= 0:
        weights = np.eye(len(embeddings))[0]
    return weights / weights.sum()


def principal_directions(packs: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` main directions in which stock tables differ, each scaled to one
    standard deviation of the stock voices along it."""
    flat = packs.reshape(len(packs), -1)
    centred = flat - flat.mean(0)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    count = min(count, len(singular))
    scale = singular[:count] / np.sqrt(len(packs))
    return (vt[:count] * scale[:, None]).reshape(count, *packs.shape[1:]).astype(np.float32)


def fit_voice(target: np.ndarray, stock: dict[str, np.ndarray], synth: Synth,
              options: FitOptions = FitOptions(), progress: Progress = lambda f, w: None) -> FitResult:
    started = time.monotonic()
    deadline = started + options.time_budget_s
    names = list(stock)  # best-graded first, so a short budget still meets the good ones
    packs = np.stack([stock[n] for n in names])
    emb, sims = [], []
    scan_end = started + 0.3 * options.time_budget_s
    for i, name in enumerate(names):
        if i >= 2 and time.monotonic() > scan_end:
            break  # a tight budget compares only the stock voices it had time for
        audio = synth.speak(packs[i], "search", 1)[0]
        emb.append(encoder.embed(audio, SAMPLE_RATE))
        sims.append(encoder.cosine(emb[-1], target))
        progress(0.3 * (i + 1) / len(names), f"stock voice {name}")
    names, packs = names[: len(sims)], packs[: len(sims)]
    order = np.argsort(sims)[::-1]
    nearest = [(names[i], float(sims[i])) for i in order]
    top = order[: options.blend_size]
    weights = nnls_weights(np.stack([emb[i] for i in top]), target)
    directions = principal_directions(packs, options.directions)

    def pack_of(w: np.ndarray, c: np.ndarray) -> np.ndarray:
        return (np.tensordot(w, packs[top], 1) + np.tensordot(c, directions, 1)).astype(np.float32)

    rng = np.random.default_rng(options.seed)
    logits = np.log(np.maximum(weights, 1e-3))
    offsets = np.zeros(len(directions))
    blend_pack = pack_of(weights, offsets)
    best, _ = synth.similarity(blend_pack, target, "search")
    best_state, sigma, evaluations = (logits, offsets), 0.5, 0
    # Leave room for the held-out scoring at the end (about six sentences).
    walk_end = deadline - min(0.25 * options.time_budget_s, 60)
    while time.monotonic() < walk_end:
        evaluations += 1
        logits_try = best_state[0] + sigma * rng.normal(size=len(logits))
        offsets_try = np.clip(best_state[1] + sigma * rng.normal(size=len(offsets)), -options.max_offset, options.max_offset)
        w = np.exp(logits_try - logits_try.max())
        score, audio = synth.similarity(pack_of(w / w.sum(), offsets_try), target, "search")
        if score > best and intelligible(audio, texts()["search"], options.max_wer):
            best, best_state, sigma = score, (logits_try, offsets_try), min(sigma * 1.5, 1.0)
        else:
            sigma = max(sigma * 0.9, 0.05)
        done = 1 - max(walk_end - time.monotonic(), 0) / max(walk_end - started, 1e-9)
        progress(0.3 + 0.6 * done, f"search step {evaluations}, similarity {best:.3f}")
    w = np.exp(best_state[0] - best_state[0].max())
    walked = pack_of(w / w.sum(), best_state[1])
    finalists = {"nearest stock voice": packs[order[0]], "blend": blend_pack}
    if evaluations and best_state[0] is not logits:
        finalists["walk"] = walked  # a walk that kept no step is the blend again
    held = {}
    for k, (label, pack) in enumerate(finalists.items()):
        held[label] = synth.similarity(pack, target, "held_out")[0]
        progress(0.9 + 0.1 * (k + 1) / len(finalists), f"held-out check: {label}")
    winner = max(held, key=held.get)
    chosen_w = w / w.sum() if winner == "walk" else weights
    return FitResult(
        pack=finalists[winner], method={"walk": "blend+offset walk", "blend": "nnls blend",
                                        "nearest stock voice": "nearest stock voice"}[winner],
        score=held[winner], nearest=nearest[:5],
        blend={names[i]: round(float(x), 4) for i, x in zip(top, chosen_w)} if winner != "nearest stock voice"
        else {names[order[0]]: 1.0},
        offsets=[round(float(x), 4) for x in best_state[1]] if winner == "walk" else [],
        evaluations=evaluations, seconds=time.monotonic() - started, candidates=held, compared=len(names),
    )
