"""Choose this machine's default model by measuring the installed ones on its CPU (issue 12).

Every installed model speaks the conversion check's sentences (``convert.CHECK_SENTENCES``)
on one thread, the models taking turns sentence by sentence and round by round, so a
machine shared with other work slows them all alike and the ratio between them stays
fair. Each model's audio is compared with the bundled model's by the conversion check
(same lengths, log-mel distance within ``convert.DISTANCE_BOUND``); the fastest model that
passes becomes the default on this kind of CPU (``store.machine``). A named model
(``--model``, ``LITETTS_MODEL``, ``model =`` in the config file) always overrides it.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL
from litetts_cli.engine import convert
from litetts_cli.engine.engine import Engine, EngineOptions
from litetts_cli.engine.graph_cache import GraphCache
from litetts_cli.engine.voices import Voice
from litetts_cli.errors import EngineError
from litetts_cli.host import cpu_model
from litetts_cli.spectral import log_mel_distance
from litetts_cli.store import machine
from litetts_cli.store import models as model_store
from litetts_cli.store.machine import MachineChoice, Measurement

ROUNDS = 2
"""Times each model speaks the check sentences; the order of the models turns each round."""
SENTENCES = convert.CHECK_SENTENCES
"""The fixed passage every model speaks: the conversion check's sentences (~13 s of audio)."""
PREFERENCE = (DEFAULT_MODEL, model_store.ROWS_MODEL, BUNDLED_MODEL)
"""Who wins a tie (equal RTF): the converted default, the AVX2 layout, the bundled file."""

Note = Callable[[str], None]


def choose(measurements: Sequence[Measurement], bound: float = convert.DISTANCE_BOUND) -> tuple[str, str]:
    """(model, why) for the fastest measurement that passes the audio check.

    Raises:
        EngineError: no model ran and passed (the store has nothing usable).
    """
    passing = [m for m in measurements if m.passes(bound)]
    if not passing:
        raise EngineError(
            "no installed model ran and passed the audio check on this machine",
            hint="reinstall the bundled model with `litetts models fetch kokoro-v1.0-int8`",
        )

    def rank(m: Measurement) -> tuple[float, int]:
        order = PREFERENCE.index(m.name) if m.name in PREFERENCE else len(PREFERENCE)
        return (m.rtf, order)

    best = min(passing, key=rank)
    others = sorted((m for m in passing if m is not best), key=rank)
    why = f"fastest here that passed the audio check: RTF {best.rtf:.3f}"
    if others:
        why += "; " + ", ".join(f"{m.name} {m.rtf:.3f} ({m.rtf / max(best.rtf, 1e-9):.2f}x slower)" for m in others)
    refused = [m.name for m in measurements if not m.passes(bound)]
    if refused:
        why += f"; not eligible: {', '.join(refused)}"
    return best.name, why


def measure_models(
    paths: dict[str, Path], reference: str, voice: Voice, *, rounds: int = ROUNDS,
    sentences: Sequence[str] | None = None, shas: dict[str, str | None] | None = None,
    graph_caches: dict[str, GraphCache] | None = None,
) -> list[Measurement]:
    """Time each model (one thread) on ``sentences`` (:data:`SENTENCES`) and compare its
    audio with ``reference``'s; a model that fails to load or run is measured as an error."""
    from litetts_cli.g2p import espeak
    from litetts_cli.g2p.tokens import to_ids

    calls = []
    for sentence in SENTENCES if sentences is None else sentences:
        ids = to_ids(espeak.phonemize(sentence, "en-us"))
        calls.append((ids, voice.style_for(len(ids))))
    shas = shas or {}
    engines, errors = _load_engines(paths, graph_caches or {})
    if reference not in engines:
        raise EngineError(
            f"the reference model {reference} does not load: {errors.get(reference, 'not installed')}",
            hint=f"reinstall it with `litetts models fetch {reference}`",
        )
    runs = _Runs(engines, errors)
    for number in range(rounds):
        runs.round(calls, number)
    results = []
    for name in paths:
        if name in errors:
            results.append(Measurement(name, None, sha256=shas.get(name), error=errors[name]))
        elif name == reference:
            results.append(Measurement(name, runs.rtf(name), sha256=shas.get(name)))
        else:
            worst, mismatches = _compare(runs.audio[reference], runs.audio[name])
            results.append(Measurement(name, runs.rtf(name), worst, mismatches, shas.get(name)))
    return results


def _load_engines(paths: dict[str, Path], graph_caches: dict[str, GraphCache]) -> tuple[dict[str, Engine], dict[str, str]]:
    """One single-threaded engine per model that loads, and why the others did not."""
    engines: dict[str, Engine] = {}
    errors: dict[str, str] = {}
    for name, path in paths.items():
        try:
            engines[name] = Engine(path, EngineOptions(threads=1, graph_cache=graph_caches.get(name)))
        except EngineError as exc:
            errors[name] = exc.message
    return engines, errors


class _Runs:
    """Time and audio per model, the models taking turns; a model that fails to run gets
    its error in ``errors`` and is not run again."""

    def __init__(self, engines: dict[str, Engine], errors: dict[str, str]):
        self.engines, self.errors = engines, errors
        self.seconds = dict.fromkeys(engines, 0.0)
        self.samples = dict.fromkeys(engines, 0)
        self.audio: dict[str, list[np.ndarray]] = {name: [] for name in engines}
        """Each model's audio of the first round, sentence by sentence."""

    def round(self, calls: list[tuple[list[int], np.ndarray]], number: int) -> None:
        order = list(self.engines)
        turn = order[number % len(order):] + order[:number % len(order)]
        for ids, style in calls:
            for name in turn:
                if name in self.errors:
                    continue
                start = time.perf_counter()
                try:
                    out = self.engines[name].synthesize(ids, style)
                except Exception as exc:  # onnxruntime raises several unrelated types
                    self.errors[name] = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                    continue
                self.seconds[name] += time.perf_counter() - start
                self.samples[name] += out.size
                if number == 0:
                    self.audio[name].append(out)

    def rtf(self, name: str) -> float:
        return self.seconds[name] / max(self.samples[name] / SAMPLE_RATE, 1e-9)


def _compare(expected: list[np.ndarray], got: list[np.ndarray]) -> tuple[float, int]:
    """(worst log-mel distance, sentences whose lengths differ) of ``got`` against ``expected``."""
    distances, mismatches = [], 0
    for want, have in zip(expected, got):
        if want.size != have.size:
            mismatches += 1
        else:
            distances.append(log_mel_distance(want, have))
    return max(distances, default=float("inf") if mismatches else 0.0), mismatches


def measure_and_record(models_dir: Path, voice: Voice, note: Note, *, rounds: int = ROUNDS) -> MachineChoice:
    """Measure every installed model here, record the fastest passing one for this CPU."""
    import onnxruntime

    infos = {i.name: i for i in model_store.installed(models_dir)}
    if BUNDLED_MODEL not in infos:
        model_store.resolve_model(models_dir, BUNDLED_MODEL)
        infos = {i.name: i for i in model_store.installed(models_dir)}
    names = sorted(infos, key=lambda n: (PREFERENCE.index(n) if n in PREFERENCE else len(PREFERENCE), n))
    note(f"measuring {', '.join(names)} on this CPU (a few seconds each, once) ...")
    paths = {n: Path(infos[n].path) for n in names}
    caches = {n: GraphCache(Path(infos[n].path).parent / "optimized", infos[n].sha256)
              for n in names if infos[n].sha256}
    measurements = measure_models(paths, BUNDLED_MODEL, voice, rounds=rounds,
                                  shas={n: infos[n].sha256 for n in names}, graph_caches=caches)
    model, why = choose(measurements)
    choice = MachineChoice(
        model=model, reason=why, cpu_key=machine.cpu_key(), measurements=tuple(measurements),
        cpu=cpu_model(), onnxruntime=onnxruntime.__version__,
        measured_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    try:
        machine.record(models_dir, choice)
    except OSError as exc:  # a read-only store still runs the choice, it only measures again next time
        note(f"cannot record the choice in {models_dir} ({exc.strerror or exc}); it is measured again next time")
    note(f"default model on this CPU: {model} ({why})")
    return choice


def current_choice(models_dir: Path) -> MachineChoice | None:
    """This CPU's recorded choice, if its model is still the file that was measured."""
    choice = machine.recorded(models_dir)
    if choice is None:
        return None
    info = model_store.read_meta(model_store.model_dir(models_dir, choice.model))
    measured = choice.measured(choice.model)
    if info is None or measured is None or measured.sha256 != info.sha256:
        return None
    return choice
