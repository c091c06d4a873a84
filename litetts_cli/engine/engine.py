"""One ONNX Runtime session for a Kokoro model, checked once at load."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from litetts_cli.engine import durations
from litetts_cli.engine.graph_cache import GraphCache
from litetts_cli.errors import EngineError
from litetts_cli.g2p.tokens import MAX_TOKENS

_NUMPY_TYPES = {
    "tensor(float)": np.float32,
    "tensor(float16)": np.float16,
    "tensor(double)": np.float64,
    "tensor(int32)": np.int32,
    "tensor(int64)": np.int64,
}
_TOKEN_INPUTS = ("tokens", "input_ids")
_GRAPH_LEVELS = ("disable", "basic", "extended", "all")


@dataclass(frozen=True)
class EngineOptions:
    """How to build the ONNX Runtime session."""

    threads: int | None = None
    """Intra-op threads; None uses every core this process may run on."""
    inter_op_threads: int = 1
    graph_optimization: str = "all"
    """One of disable, basic, extended, all."""
    providers: tuple[str, ...] | None = None
    """Execution providers in order; None is CUDA when available, then CPU."""
    memory_pattern: bool = False
    """ORT's memory-pattern planner assumes fixed shapes; with Kokoro's ever-changing
    token counts it grows memory without bound (hexgrad/kokoro PR #358), so it is off."""
    spin: bool = True
    """Let idle intra-op threads spin; faster when the engine has the cores to itself."""
    graph_cache: GraphCache | None = None
    """Where this model's optimized graph is saved and loaded from (None: optimize at
    every load). Loading the saved graph skips ORT's graph rewriting, about two thirds
    of the int8-gemm model's load time (docs/throughput.md)."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def resolve_layout(workers: int | None, threads: int | None) -> tuple[int, int]:
    """Engines x intra-op threads per engine, the one place either is picked for the user.

    Given neither: one single-threaded engine per core (on the 2-core reference machine
    two processes of one thread each out-ran one process of two threads; the vocoder's
    convolutions scale poorly across threads). Given one: the other shares the cores.
    """
    cores = available_cores()
    if workers is None and threads is None:
        return max(1, cores), 1
    if workers is None:
        return max(1, cores // threads), threads
    if threads is None:
        return workers, max(1, cores // workers)
    return workers, threads


@dataclass(frozen=True)
class ModelSignature:
    """What the loaded model expects, found once at load."""

    token_input: str
    token_dtype: type
    style_input: str
    speed_input: str
    speed_dtype: type
    output: str
    durations_output: str | None = None
    """The converted model's per-token frame durations (``engine.durations``), if any."""


class Engine:
    """A Kokoro ONNX model ready to turn token ids into audio."""

    def __init__(self, model_path: Path, options: EngineOptions = EngineOptions()):
        import onnxruntime as ort

        if options.graph_optimization not in _GRAPH_LEVELS:
            raise EngineError(
                f"unknown graph optimization level {options.graph_optimization!r}",
                hint=f"use one of {', '.join(_GRAPH_LEVELS)}",
            )
        self.model_path = Path(model_path)
        self.options = options
        providers = list(options.providers or self.default_providers())
        saved, writing = self._saved_graph(ort, options, providers)
        try:
            try:
                self.session = self._session(ort, saved or self.model_path, options, providers,
                                             optimize=saved is None, save_to=writing)
            except Exception:
                if saved is None:
                    raise
                # A saved graph that no longer loads is only a cache: rebuild it from the model.
                saved.unlink(missing_ok=True)
                saved, writing = None, None
                self.session = self._session(ort, self.model_path, options, providers, optimize=True, save_to=None)
        except Exception as exc:  # onnxruntime raises several unrelated types
            if writing is not None:
                writing.unlink(missing_ok=True)
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EngineError(
                f"cannot load model {self.model_path}: {first_line}",
                hint="run `litetts models verify`; reinstall with `litetts models fetch`",
            ) from None
        if writing is not None:
            options.graph_cache.commit(writing, self._graph_path)
        self.loaded_saved_graph = saved is not None  # the session came from a saved optimized graph
        self.signature = self._check_signature()

    def _saved_graph(self, ort, options: EngineOptions, providers: list[str]) -> tuple[Path | None, Path | None]:
        """(saved graph to load, or None; temporary file to save a new one to, or None)."""
        cache = options.graph_cache
        if cache is None or options.graph_optimization == "disable" or providers != ["CPUExecutionProvider"]:
            return None, None
        from litetts_cli.host import cpu_features

        self._graph_path = cache.path_for(options.graph_optimization, ort.__version__, cpu_features())
        if self._graph_path.is_file():
            return self._graph_path, None
        try:
            return None, cache.writing(self._graph_path)
        except OSError:  # a read-only store still runs, it only optimizes at every load
            return None, None

    @staticmethod
    def _session(ort, path: Path, options: EngineOptions, providers: list[str], *, optimize: bool,
                 save_to: Path | None):
        session_options = ort.SessionOptions()
        session_options.intra_op_num_threads = resolve_layout(1, options.threads)[1]
        session_options.inter_op_num_threads = options.inter_op_threads
        session_options.enable_mem_pattern = options.memory_pattern
        level = options.graph_optimization if optimize else "disable"
        session_options.graph_optimization_level = {
            "disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
            "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
            "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
        }[level]
        if save_to is not None:
            session_options.optimized_model_filepath = str(save_to)
        session_options.add_session_config_entry(
            "session.intra_op.allow_spinning", "1" if options.spin else "0"
        )
        session_options.log_severity_level = 3
        return ort.InferenceSession(str(path), session_options, providers=providers)

    @staticmethod
    def default_providers() -> list[str]:
        import onnxruntime as ort

        available = ort.get_available_providers()
        preferred = [p for p in ("CUDAExecutionProvider",) if p in available]
        return preferred + ["CPUExecutionProvider"]

    @property
    def providers(self) -> list[str]:
        return self.session.get_providers()

    def _check_signature(self) -> ModelSignature:
        inputs = {i.name: i for i in self.session.get_inputs()}
        token_name = next((n for n in _TOKEN_INPUTS if n in inputs), None)
        missing = [n for n in ("style", "speed") if n not in inputs]
        if token_name is None or missing:
            raise EngineError(
                f"{self.model_path.name} is not a Kokoro model: inputs are "
                f"{', '.join(inputs)}, expected tokens/input_ids, style and speed",
                hint="import a Kokoro-82M ONNX export",
            )
        try:
            token_dtype = _NUMPY_TYPES[inputs[token_name].type]
            speed_dtype = _NUMPY_TYPES[inputs["speed"].type]
        except KeyError as exc:
            raise EngineError(f"unsupported input type {exc} in {self.model_path.name}") from None
        return ModelSignature(
            token_input=token_name,
            token_dtype=token_dtype,
            style_input="style",
            speed_input="speed",
            speed_dtype=speed_dtype,
            output=self.session.get_outputs()[0].name,
            durations_output=next((o.name for o in self.session.get_outputs() if o.name == durations.OUTPUT), None),
        )

    def synthesize(self, token_ids: Sequence[int], style: np.ndarray, speed: float = 1.0) -> np.ndarray:
        return self.synthesize_timed(token_ids, style, speed)[0]

    def synthesize_timed(
        self, token_ids: Sequence[int], style: np.ndarray, speed: float = 1.0
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Audio (float32, 24 kHz, mono) for at most 510 token ids.

        Args:
            token_ids: phoneme token ids, without the padding zeros (added here).
            style: the voice's style row for this token count, shape (256,) or (1, 256).
            speed: speaking rate; 1.0 is the voice's natural speed.

        Returns:
            The audio, and the samples each token lasts (``len(token_ids) + 2`` values:
            the padding token before and after included; they add up to the audio's
            length) when the model outputs durations (a converted model), else None.
        """
        if len(token_ids) > MAX_TOKENS:
            raise EngineError(f"{len(token_ids)} tokens exceed the model's {MAX_TOKENS}")
        if not token_ids:
            return np.zeros(0, dtype=np.float32), None
        sig = self.signature
        tokens = np.array([[0, *token_ids, 0]], dtype=sig.token_dtype)
        style_row = np.asarray(style, dtype=np.float32).reshape(1, -1)
        if sig.speed_dtype in (np.int32, np.int64):
            # Integer-speed exports (v1.1-zh) take a rounded rate; never truncate 0.8 to 0.
            speed_value = np.array([max(1, round(speed))], dtype=sig.speed_dtype)
        else:
            speed_value = np.array([speed], dtype=sig.speed_dtype)
        feeds = {sig.token_input: tokens, sig.style_input: style_row, sig.speed_input: speed_value}
        names = [sig.output] + ([sig.durations_output] if sig.durations_output else [])
        outputs = self.session.run(names, feeds)
        audio = np.asarray(outputs[0], dtype=np.float32).reshape(-1)
        timing = durations.token_samples(outputs[1], len(token_ids)) if len(outputs) > 1 else None
        if timing is not None and int(timing.sum()) != audio.size:
            timing = None  # a model whose frames are not 600 samples: no exact timing
        return audio, timing
