"""Text to audio chunks: normalize -> g2p -> chunk -> engine, lazily, in reading order.

The one place the stages meet for `synth`, `voices preview` and the book pipeline's
workers. A :class:`Speaker` owns one engine and one voice; audio comes out chunk by
chunk so callers can stream it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from litetts_cli.config import DEFAULT_VOICE, SPEED_RANGE, Settings, check_speed, with_model
from litetts_cli.engine.chunking import Boundary, Chunk, ChunkOptions, plan_chunks
from litetts_cli.engine.device import TORCH_MODEL, DeviceChoice, choose_device
from litetts_cli.engine.engine import Engine, EngineOptions
from litetts_cli.engine.jobs import ChunkJob
from litetts_cli.engine.render import AudioEngine, ChunkRenderer, VoiceTable, voice_id
from litetts_cli.engine.voices import Voice, VoiceLibrary
from litetts_cli.errors import UsageError
from litetts_cli.g2p.languages import g2p_for
from litetts_cli.g2p.sentences import split_paragraphs
from litetts_cli.store.cache import AudioCache, chunk_key
from litetts_cli.store.models import model_dir, read_meta

TextFilter = Callable[[str], str]


def identity(text: str) -> str:
    return text


@dataclass
class Speaker:
    """One engine and one voice turning text into audio chunks."""

    engine: AudioEngine | None
    """None plans chunks only (``--show-phonemes``)."""
    voice: Voice
    speed: float = 1.0
    chunking: ChunkOptions = field(default_factory=ChunkOptions)
    normalize: TextFilter = identity
    cache: AudioCache | None = None
    model_id: str = ""
    """What identifies the model in cache keys (its sha256 when known)."""
    language: str | None = None
    """Phonemizer language when it is not the voice's own (a book chapter's)."""

    def __post_init__(self) -> None:
        check_speed(self.speed)
        self.g2p = g2p_for(self.language or self.voice.language)
        self._phonemize = self.g2p.phonemize
        self.voice_id = voice_id(self.voice)
        if not self.model_id and self.engine is not None:
            self.model_id = str(self.engine.model_path)
        self._renderer: ChunkRenderer | None = None

    def phonemize(self, text: str) -> str:
        return self._phonemize(text)

    def iter_chunks(
        self, text: str, *, final_boundary: Boundary = "paragraph", start_index: int = 0
    ) -> Iterator[Chunk]:
        """Chunks of ``text`` one paragraph at a time, so the first comes quickly."""
        normalized = self.normalize(text)
        index = start_index
        options = self.chunking
        paragraphs = split_paragraphs(normalized)
        for number, paragraph in enumerate(paragraphs):
            last = number == len(paragraphs) - 1
            chunks = plan_chunks(
                paragraph,
                self._phonemize,
                options,
                split_words=self.g2p.split_words,
                final_boundary=final_boundary if last else "paragraph",
                start_index=index,
            )
            options = options.after(len(chunks))
            index += len(chunks)
            yield from chunks

    def plan(self, text: str, **kwargs) -> list[Chunk]:
        return list(self.iter_chunks(text, **kwargs))

    @property
    def pace(self) -> float:
        """The speed the engine gets: the one asked for times the voice's own (a cloned
        voice's fitted pace), within Kokoro's range."""
        low, high = SPEED_RANGE
        return min(max(self.speed * self.voice.speed, low), high)

    def cache_key(self, chunk: Chunk) -> str:
        return chunk_key(self.model_id, self.voice_id, self.pace, chunk.phonemes)

    def job(self, chunk: Chunk, job_id=None, *, return_audio: bool = False,
            retry_bad_takes: bool = True) -> ChunkJob:
        """The pool job for one chunk: its phonemes in this voice and speed, cached by key."""
        return ChunkJob(
            chunk.index if job_id is None else job_id, chunk.phonemes, self.voice.name, self.pace,
            cache_key=self.cache_key(chunk) if self.cache is not None else "",
            return_audio=return_audio, retry_bad_takes=retry_bad_takes,
        )

    def renderer(self) -> ChunkRenderer:
        """Renders this speaker's jobs on its own engine (``synth``, previews)."""
        return ChunkRenderer(self.engine, VoiceTable({self.voice.name: self.voice}), self.cache, self.model_id)

    def render(self, chunk: Chunk) -> np.ndarray:
        """Audio for one chunk (float32, 24 kHz), from the cache when it has it."""
        return self.render_timed(chunk)[0]

    def render_timed(self, chunk: Chunk) -> tuple[np.ndarray, np.ndarray | None]:
        """Audio for one chunk and its samples per token (None when the model gives no
        durations: the bundled unconverted model)."""
        if not chunk.token_ids:
            return np.zeros(0, dtype=np.float32), None
        if self._renderer is None or self._renderer.engine is not self.engine:
            self._renderer = self.renderer()
        result = self._renderer.render(self.job(chunk, return_audio=True, retry_bad_takes=False))
        return result.audio, result.durations

    def stream(self, text: str) -> Iterator[tuple[Chunk, np.ndarray]]:
        for chunk in self.iter_chunks(text):
            yield chunk, self.render(chunk)


def require_text(text: str) -> str:
    if not text or not text.strip():
        raise UsageError("there is no text to speak", hint="pass text, a file path, or - for stdin")
    return text


def load_voice(settings: Settings, spec: str | None = None) -> Voice:
    library = VoiceLibrary(settings.voices_dir, settings.custom_voices_dir)
    return library.load(spec or settings.voice)


@dataclass(frozen=True)
class VoiceChoice:
    """The voice that reads a text, the language it reads it in, and why."""

    voice: Voice
    language: str
    reason: str
    """``voice`` (the user named one), ``language`` (``--language``), ``detected``
    (from the text's script and words) or ``default``."""


def choose_voice(settings: Settings, text: str, language: str | None = None) -> VoiceChoice:
    """Pick the voice and language for ``text`` (issue 18).

    A ``language`` given by the user wins: the named voice reads in it, or the
    language's default voice when none was named. Otherwise a named voice decides;
    with neither, a text that is clearly not English gets its language's voice.

    Raises:
        UsageError: Kokoro has no voice for the requested language.
    """
    from dataclasses import replace

    from litetts_cli.g2p.languages import DEFAULT_VOICES, kokoro_language
    from litetts_cli.g2p.detect import detect_language

    if language:
        code = kokoro_language(language)
        if code is None:
            raise UsageError(
                f"Kokoro has no voice for language {language!r}",
                hint="use one of " + ", ".join(DEFAULT_VOICES),
            )
        voice = load_voice(settings) if settings.voice_given else load_voice(settings, DEFAULT_VOICES[code])
        return VoiceChoice(replace(voice, language=code) if voice.language != code else voice, code, "language")
    if settings.voice_given:
        voice = load_voice(settings)
        return VoiceChoice(voice, voice.language, "voice")
    detected = detect_language(text)
    code = kokoro_language(detected) if detected else None
    if code and code != "en-us":
        return VoiceChoice(load_voice(settings, DEFAULT_VOICES[code]), code, "detected")
    voice = load_voice(settings)
    return VoiceChoice(voice, voice.language, "default")


def model_path(settings: Settings, note: Callable[[str], None] | None = None, *, measure: bool = True) -> Path:
    """The configured model's file; the default is converted from the bundled one on
    first use (``note`` hears what is happening, as it takes about half a minute).
    ``measure`` false never measures this CPU's models first (``variants.ensure_model``)."""
    from litetts_cli.engine.variants import ensure_model

    def check_voice() -> Voice:
        return load_voice(settings, DEFAULT_VOICE)

    return ensure_model(settings.models_dir, settings.model, check_voice, note or (lambda _: None),
                        given=settings.model_given, measure=measure)


def running_model(settings: Settings) -> str:
    """The name of the model that runs for ``settings`` (after :func:`model_path` made it):
    the named one, or this CPU's measured default, or the source of a refused conversion."""
    from litetts_cli.engine.variants import effective_model

    return effective_model(settings.models_dir, settings.model, given=settings.model_given)


def load_engine(
    settings: Settings, options: EngineOptions | None = None, note: Callable[[str], None] | None = None,
    *, measure: bool = True,
) -> AudioEngine:
    """The engine ``settings.device`` asks for: ONNX Runtime on the CPU, or the torch
    engine on a GPU (``note`` hears which GPU). ``measure``: see :func:`model_path`."""
    return engine_builder(settings, options, note, measure=measure)()


def engine_builder(
    settings: Settings, options: EngineOptions | None = None, note: Callable[[str], None] | None = None,
    *, measure: bool = True,
) -> Callable[[], AudioEngine]:
    """What :func:`load_engine` does in two steps: the store's part now (the device, the
    model file, converted on first use), the session's later, when the returned function
    is called (``synth`` calls it in a background thread: ``engine.loading``)."""
    device = choose_device(settings.device)
    if device.gpu:
        from litetts_cli.engine.torch_engine import TorchEngine

        if note:
            note(device.note)
        torch_model = model_path(with_model(settings, TORCH_MODEL), note)
        return lambda: TorchEngine(torch_model, device.device)
    path = model_path(settings, note, measure=measure)
    engine_options = with_graph_cache(settings, options or EngineOptions(threads=settings.threads))
    return lambda: Engine(path, engine_options)


def with_graph_cache(settings: Settings, options: EngineOptions) -> EngineOptions:
    """``options`` with the store's saved optimized graph of the model that runs (issue 12);
    unchanged for a model the store has no checksum for."""
    from litetts_cli.engine.graph_cache import GraphCache

    if options.graph_cache is not None:
        return options
    directory = model_dir(settings.models_dir, running_model(settings))
    info = read_meta(directory)
    if info is None or not info.sha256:
        return options
    return replace(options, graph_cache=GraphCache(directory / "optimized", info.sha256))


def make_normalizer(settings: Settings, voice: Voice, language: str | None = None) -> TextFilter:
    """The text normalizer for ``language`` (the voice's by default), with the user's lexicon rules."""
    from litetts_cli.normalize import Normalizer, NormalizeOptions, load_user_rules

    rules = load_user_rules(settings.lexicon) if settings.lexicon else ()
    limits = settings.limits
    return Normalizer(NormalizeOptions(
        language=language or voice.language, user_rules=rules, emoji=settings.emoji,
        max_token_chars=limits.max_token_chars, rule_timeout_s=limits.rule_timeout_s,
    )).normalize


def device_for(settings: Settings) -> DeviceChoice:
    """Where the engines run: this machine's device, or on ``settings.cluster`` the
    cluster's (its GPUs count, not this machine's)."""
    if settings.cluster:
        from litetts_cli.cluster.connect import cluster_device

        return cluster_device(settings.device, settings.cluster)
    return choose_device(settings.device)


def model_identity(settings: Settings) -> str:
    """The sha256 of the model that runs (falls back to its name) for cache keys."""
    if device_for(settings).gpu:  # torch's audio differs from ONNX's: its own cache entries
        info = read_meta(model_dir(settings.models_dir, TORCH_MODEL))
        return (info.sha256 if info and info.sha256 else TORCH_MODEL) + ":torch"
    name = running_model(settings)
    info = read_meta(model_dir(settings.models_dir, name))
    return (info.sha256 if info and info.sha256 else name)


def open_cache(settings: Settings, enabled: bool = True) -> AudioCache:
    return AudioCache(settings.cache_dir, enabled=enabled)


def pause_profile(settings: Settings):
    """Pauses after commas, sentences, paragraphs and headings, from the config file's
    ``[pauses]`` table (seconds, e.g. ``sentence = 0.5``) over the defaults."""
    from dataclasses import fields

    from litetts_cli.assemble import PauseProfile

    table = settings.extra.get("pauses", {})
    if not isinstance(table, dict):
        raise UsageError("[pauses] in the config file must be a table", hint="e.g. [pauses] sentence = 0.5")
    known = {f.name for f in fields(PauseProfile)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise UsageError(
            f"unknown pause {', '.join(unknown)} in [pauses]", hint=f"known: {', '.join(sorted(known))}"
        )
    return PauseProfile(**table)
