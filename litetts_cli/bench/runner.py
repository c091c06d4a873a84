"""Run a recipe: every model x voice x layout, timed over repetitions, into a report dict.

For each configuration, ``workers`` processes each load one engine with ``threads``
intra-op threads; the parent plans the recipe's texts into chunks (normalize, phonemize)
and feeds them to the shared queue while the workers synthesize. A pass's wall time
runs from the first chunk planned to the last audio back, so the real-time factor is
``wall / total audio seconds`` of the whole layout, however many workers it has.
Audio seconds are the model's output, without the pauses `synth` adds between chunks.
All layouts (and the peer) of one model and voice are loaded together and their passes
interleave, so a neighbour's load on a shared machine hits them alike (``contenders``).

The report is plain JSON values (see ``report.SCHEMA``); ``report`` and ``charts`` only
read it, and ``compare`` reads it back from a baseline file.
"""

from __future__ import annotations

import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.bench import peer as peer_lib
from litetts_cli.bench import quality as quality_lib
from litetts_cli.bench.accelerator import accelerator_facts
from litetts_cli.bench.machine import machine_facts
from litetts_cli.bench.contenders import BackgroundClock, Contender
from litetts_cli.bench.memory import MB
from litetts_cli.bench.pool_runner import PoolRunner
from litetts_cli.bench.recipe import Layout, Recipe
from litetts_cli.bench.ttfa import synth_command, time_to_first_audio
from litetts_cli.config import Settings, with_model
from litetts_cli.engine.device import TORCH_MODEL
from litetts_cli.engine.engine import EngineOptions
from litetts_cli.engine.jobs import PoolSetup
from litetts_cli.engine.pool import DEFAULT_BACKEND
from litetts_cli.engine.voices import Voice
from litetts_cli.speech import Speaker, load_voice, make_normalizer, model_identity, model_path
from litetts_cli.store.files import sha256_file
from litetts_cli.store.models import model_dir, read_meta

SCHEMA = "litetts-benchmark/1"
Progress = Callable[[str, int, int], None]
"""``progress(description, done, total)``."""


@dataclass(frozen=True)
class RunOptions:
    peer: str | None = None
    """Also run this peer library (``kokoro-onnx``) on the same model, voices and texts."""
    quality: bool = False
    """Measure word error rate and spectral distance of each model's audio."""
    sample_interval: float = 0.1
    """Seconds between RSS samples."""


def summarize(values: list[float], digits: int = 4) -> dict:
    """Median and spread of repeated measurements."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "stdev": round(statistics.stdev(values), digits) if len(values) > 1 else 0.0,
        "values": [round(v, digits) for v in values],
    }


class _Ticker:
    def __init__(self, total: int, progress: Progress | None):
        self.total, self.done, self.progress = total, 0, progress

    def __call__(self, description: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(description, self.done, self.total)


def run_benchmark(recipe: Recipe, settings: Settings, options: RunOptions = RunOptions(),
                  progress: Progress | None = None) -> dict:
    """Measure every configuration of ``recipe``; returns the report as JSON values."""
    models = recipe.models or (settings.model,)
    voice_specs = recipe.voices or (settings.voice,)
    # Everything that can fail cheaply fails before the first worker starts.
    voices = {spec: load_voice(settings, spec) for spec in voice_specs}
    paths = {m: model_path(with_model(settings, m)) for m in models}
    peer_version = peer_lib.check_peer(options.peer) if options.peer else None
    if options.quality:
        quality_lib.whisper_model()
    ttfa_runs = sorted({(lay.device, lay.threads) for lay in recipe.layouts}) if recipe.time_to_first_audio else []
    peer_threads = sorted({lay.workers * lay.threads for lay in recipe.layouts if not lay.torch}) if options.peer else []
    per_pair = (len(recipe.layouts) * (1 + recipe.warmup + recipe.repetitions)
                + len(ttfa_runs) * recipe.repetitions
                + len(peer_threads) * (1 + recipe.warmup + recipe.repetitions)
                + (len(recipe.texts) if options.quality else 0))
    tick = _Ticker(per_pair * len(models) * len(voices), progress)

    cases: list[dict] = []
    kept_audio: dict[tuple[str, str], list[np.ndarray]] = {}
    with tempfile.TemporaryDirectory(prefix="litetts-bench-") as scratch:
        voices_file = peer_lib.write_voices_file(_peer_names(voices), Path(scratch)) if options.peer else None
        for model in models:
            model_settings = with_model(settings, model)
            # The torch engine reads one model's weights whatever the recipe lists: measured once.
            layouts = [lay for lay in recipe.layouts if not lay.torch or model == models[0]]
            for spec, voice in voices.items():
                planner = Speaker(None, voice, recipe.speed, normalize=make_normalizer(settings, voice))
                ttfa = {
                    (device, threads): _time_first_audio(recipe, _for_layout(model_settings, device), spec, threads,
                                                         tick, device)
                    for device, threads in ttfa_runs if model == models[0] or not device
                }
                contenders = [
                    _litetts_contender(recipe, _for_layout(model_settings, layout.device), planner, spec, layout,
                                       options)
                    for layout in layouts
                ] + [
                    _peer_contender(recipe, str(paths[model]), voices, spec, voices_file, threads, options)
                    for threads in peer_threads
                ]
                share = _measure(contenders, recipe, options, tick)
                by_threads = {}
                for layout, contender in zip(layouts, contenders):
                    case = _case(recipe, _for_layout(model_settings, layout.device).model, spec, layout, contender,
                                 share)
                    case["time_to_first_audio_seconds"] = ttfa.get((layout.device, layout.threads))
                    cases.append(case)
                    if options.quality:  # the first layout's audio stands for the model
                        kept_audio.setdefault((model, spec), contender.passes[0].per_text)
                for threads, contender in zip(peer_threads, contenders[len(layouts):]):
                    by_threads[threads] = {"name": options.peer, "version": peer_version,
                                           **_peer_result(recipe, threads, contender, share)}
                for case in cases[-len(layouts):]:
                    peer = None if case["device"] else by_threads.get(case["workers"] * case["threads"])
                    if peer is not None:
                        case["peer"] = peer
                        case["speed_vs_peer"] = round(
                            peer["real_time_factor"]["median"] / case["real_time_factor"]["median"], 3
                        )
                        case["first_audio_vs_peer_whole"] = first_audio_share(case, peer)
    quality = _quality(recipe, models, voices, kept_audio, tick) if options.quality else []
    shas = {m: _model_sha(settings, m, paths[m]) for m in models}
    return {
        "schema": SCHEMA,
        "recipe": recipe.to_dict(),
        "machine": machine_facts(shas),
        "options": {"peer": options.peer, "quality": options.quality},
        "cases": cases,
        "quality": quality,
    }


def case_id(model: str, voice: str, layout: str) -> str:
    return f"{model} / {voice} / {layout}"


def _measure(contenders: list[Contender], recipe: Recipe, options: RunOptions, tick: _Ticker) -> float | None:
    """Load every contender, then interleave their passes; returns the background CPU share."""
    clock = BackgroundClock()
    try:
        for contender in contenders:
            contender.start()
            tick(f"{contender.label}: loaded")
        for number in range(recipe.warmup):
            for contender in contenders:
                contender.run()
                tick(f"warm-up {number + 1}/{recipe.warmup}: {contender.label}")
        for contender in contenders:
            contender.begin_measuring()
        for number in range(recipe.repetitions):
            for contender in contenders:
                contender.passes.append(contender.run(keep_audio=options.quality and number == 0))
                tick(f"run {number + 1}/{recipe.repetitions}: {contender.label}")
        for contender in contenders:
            contender.finish()
    finally:
        for contender in contenders:
            contender.stop()
    return clock.share(sum(c.worker_cpu_seconds for c in contenders))


def _for_layout(settings: Settings, device: str) -> Settings:
    """The settings a layout synthesizes with: the torch engine reads the bundled int8 model."""
    return with_model(settings, TORCH_MODEL) if device else settings


def _litetts_contender(recipe: Recipe, settings: Settings, planner: Speaker, voice_spec: str,
                       layout: Layout, options: RunOptions) -> Contender:
    voice = planner.voice
    setup = PoolSetup(
        model_path=str(model_path(settings)),
        device=layout.device or "cpu",
        engine=EngineOptions(threads=layout.threads, graph_optimization=layout.graph_optimization,
                             spin=layout.spin, memory_pattern=layout.memory_pattern),
        model_id=model_identity(settings),
        voices={voice.name: voice.pack.astype(np.float32).tobytes()},
    )
    shared_cache = Path(settings.cache_dir) if recipe.cache else None

    def texts() -> Iterator[tuple[int, str]]:
        # Planned while the workers synthesize: normalize and phonemize are in the wall time.
        return iter(enumerate(item.text for item in recipe.texts))

    backend = "torch" if layout.torch else DEFAULT_BACKEND
    return Contender(case_id(settings.model, voice_spec, layout.label),
                     lambda: PoolRunner(setup, layout.workers, planner, shared_cache, backend),
                     texts, len(recipe.texts), options.sample_interval)


def _case(recipe: Recipe, model: str, voice_spec: str, layout: Layout, contender: Contender,
          background: float | None) -> dict:
    passes, workers, sampler = contender.passes, contender.workers, contender.sampler
    walls = [p.wall_seconds for p in passes]
    seconds = [p.audio_seconds for p in passes]
    hits = contender.runner.hits if recipe.cache else 0
    misses = contender.runner.misses if recipe.cache else 0
    rtf = summarize([w / s for w, s in zip(walls, seconds)])
    return {
        "id": contender.label,
        "model": model,
        "voice": voice_spec,
        "layout": layout.label,
        "device": layout.device,
        "accelerator": accelerator_facts(layout.device, contender.runner.pool.backend) if layout.torch else None,
        "x_real_time": round(1 / rtf["median"], 2) if rtf["median"] else None,
        "workers": layout.workers,
        "threads": layout.threads,
        "graph_optimization": layout.graph_optimization,
        "spin": layout.spin,
        "memory_pattern": layout.memory_pattern,
        "characters": recipe.characters,
        "chunks": passes[0].chunks,
        "audio_seconds": round(statistics.median(seconds), 3),
        "wall_seconds": summarize(walls),
        "real_time_factor": rtf,
        "chars_per_second": summarize([recipe.characters / w for w in walls], 2),
        "load_seconds": {"per_worker": [round(x, 3) for x in contender.loads], "max": round(max(contender.loads), 3)},
        "peak_rss_mb": {
            "per_worker": [round(w.peak_rss_bytes / MB, 1) for w in workers],
            "total": round(sampler.peak_total / MB, 1),
        },
        "rss_growth_mb": round((contender.at_end - contender.after_warmup) / MB, 1),
        "background_cpu_share": background,
        "cache": {
            "enabled": recipe.cache, "hits": hits, "misses": misses,
            "hit_rate": round(hits / (hits + misses), 4) if recipe.cache and hits + misses else None,
        },
        "time_to_first_audio_seconds": None,
        "peer": None,
        "speed_vs_peer": None,
        "memory_timeline": sampler.timeline(),
    }


def _time_first_audio(recipe: Recipe, settings: Settings, voice_spec: str, threads: int,
                      tick: _Ticker, device: str = "") -> dict:
    command = synth_command(settings, model=settings.model, voice=voice_spec, threads=threads, speed=recipe.speed,
                            device=device or "cpu")
    values = []
    for number in range(recipe.repetitions):
        values.append(time_to_first_audio(command, whole_passage(recipe)))
        tick(f"{settings.model} / {voice_spec}: first audio, {threads} threads ({number + 1})")
    return summarize(values)


def whole_passage(recipe: Recipe) -> str:
    """The recipe's texts as one passage, paragraph by paragraph: what `synth` streams when
    its first audio is timed, and what the peer speaks in one pass."""
    return "\n\n".join(item.text for item in recipe.texts)


def first_audio_share(case: dict, peer: dict) -> float | None:
    """Our streamed first audio as a share of the peer's time for the whole passage
    (issue 12 asks for at most 0.03); None without a first-audio time."""
    first = case.get("time_to_first_audio_seconds")
    if not first or not peer.get("wall_seconds"):
        return None
    return round(first["median"] / peer["wall_seconds"]["median"], 4)


def _peer_names(voices: dict[str, Voice]) -> dict[str, Voice]:
    """Voice specs may be blends ("a:0.6,b:0.4"); the peer's file gets plain keys."""
    return {f"voice{i}": voice for i, voice in enumerate(voices.values())}


def _peer_contender(recipe: Recipe, model_path: str, voices: dict[str, Voice], voice_spec: str,
                    voices_file: Path, threads: int, options: RunOptions) -> Contender:
    keys = dict(zip(voices, _peer_names(voices)))
    spec = peer_lib.PeerSpec(
        model_path=model_path, voices_path=str(voices_file), threads=threads,
        languages={keys[s]: v.language for s, v in voices.items()}, speed=recipe.speed,
    )

    def texts() -> Iterator[tuple[int, tuple[str, str]]]:
        for number, item in enumerate(recipe.texts):
            yield number, (keys[voice_spec], item.text)

    return Contender(f"kokoro-onnx / {voice_spec} / 1x{threads}", lambda: peer_lib.PeerRunner(spec),
                     texts, len(recipe.texts), options.sample_interval)


def _peer_result(recipe: Recipe, threads: int, contender: Contender, background: float | None) -> dict:
    walls = [p.wall_seconds for p in contender.passes]
    return {
        "threads": threads,
        "load_seconds": round(contender.loads[0], 3),
        "wall_seconds": summarize(walls),
        "real_time_factor": summarize([p.wall_seconds / p.audio_seconds for p in contender.passes]),
        "chars_per_second": summarize([recipe.characters / w for w in walls], 2),
        "peak_rss_mb": round(contender.workers[0].peak_rss_bytes / MB, 1),
        "background_cpu_share": background,
    }


def _quality(recipe: Recipe, models: tuple[str, ...], voices: dict[str, Voice],
             audio: dict[tuple[str, str], list[np.ndarray]], tick: _Ticker) -> list[dict]:
    reference_model = recipe.reference_model or models[0]
    rows = []
    for model in models:
        for spec, voice in voices.items():
            english = voice.language.startswith("en")
            texts, hypotheses = [], []
            for item, samples in zip(recipe.texts, audio[(model, spec)]):
                entry: dict = {"label": item.label}
                if english:
                    entry["transcript"] = quality_lib.transcribe(samples, SAMPLE_RATE)
                    entry["word_error_rate"] = round(quality_lib.word_error_rate(item.text, entry["transcript"]), 4)
                    hypotheses.append(entry["transcript"])
                if model != reference_model:
                    reference = audio[(reference_model, spec)][len(texts)]
                    entry.update(quality_lib.spectral_distance(reference, samples, SAMPLE_RATE).to_dict())
                texts.append(entry)
                tick(f"{model} / {spec}: quality of {item.label}")
            row = {
                "model": model, "voice": spec, "reference_model": reference_model,
                "word_error_rate": round(quality_lib.word_error_rate(
                    " ".join(t.text for t in recipe.texts), " ".join(hypotheses)), 4) if english else None,
                "mel_cepstral_distortion_db": _mean(texts, "mel_cepstral_distortion_db"),
                "log_mel_l1": _mean(texts, "log_mel_l1"),
                "texts": texts,
            }
            rows.append(row)
    return rows


def _mean(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if key in r]
    return round(float(np.mean(values)), 4) if values else None


def _model_sha(settings: Settings, model: str, path: Path) -> str:
    info = read_meta(model_dir(settings.models_dir, model))
    return info.sha256 if info and info.sha256 else sha256_file(path)
