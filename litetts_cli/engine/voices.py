"""Voices: published Kokoro voices, weighted blends, and saved custom voices.

A voice spec is a name (``af_heart``), a saved custom voice, or a blend
``af_heart:0.6,bf_emma:0.4`` (weights are normalized, so ``af_sarah:60,am_adam:40``
works too; a missing weight counts as 1).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from litetts_cli.config import SPEED_RANGE
from litetts_cli.errors import ModelNotFound, UsageError, VoiceNotFound
from litetts_cli.g2p.languages import canonical_language, language_for_voice
from litetts_cli.g2p.tokens import MAX_TOKENS
from litetts_cli.store.files import atomic_write
from litetts_cli.store.voices import VOICE_SUFFIX, voice_facts

STYLE_DIM = 256
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")


@dataclass(frozen=True)
class Voice:
    """A style pack ready for the engine: one 256-value row per token count."""

    name: str
    pack: np.ndarray
    language: str
    """Language code that picks the phonemizer and normalizer for this voice
    (espeak-ng codes such as ``en-us``; ``ja`` and ``zh`` have their own frontends)."""
    speed: float = 1.0
    """The voice's own pace, multiplying the speed asked for (a cloned voice's is fitted
    to its speaker's syllable rate; stock voices' is 1). Saved as ``speed`` in a custom
    voice's JSON; a blend's is the weighted mean of its voices'."""

    def style_for(self, token_count: int) -> np.ndarray:
        return self.pack[min(max(token_count, 0), len(self.pack) - 1)]


def preview_sentence(language: str, name: str) -> str:
    """The sentence ``voices preview`` speaks, in the voice's own language (issue 18:
    a Japanese voice introduces itself in Japanese), with its name in it."""
    table = json.loads(
        resources.files("litetts_cli.engine").joinpath("data/preview_sentences.json").read_text("utf-8")
    )
    code = canonical_language(language)
    return (table.get(code) or table.get(code.split("-")[0]) or table["en"]).format(name=name)


def voice_speed(meta: dict) -> float:
    """The ``speed`` of a custom voice's JSON (1 when absent); ValueError when it is not a
    number in Kokoro's usable range (``SPEED_RANGE``)."""
    speed = meta.get("speed", 1.0)
    low, high = SPEED_RANGE
    if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not low <= speed <= high:
        raise ValueError(f"voice speed {speed!r}")
    return float(speed)


MAX_BLEND_VOICES = 16
"""Voices one blend may mix."""


def parse_blend(spec: str) -> list[tuple[str, float]]:
    """``"a:0.6,b:0.4"`` -> ``[("a", 0.6), ("b", 0.4)]`` with weights summing to 1."""
    parts = [p.strip() for p in spec.split(",", MAX_BLEND_VOICES)]
    if len(parts) > MAX_BLEND_VOICES:
        # Each voice is 512 KB in memory: a 60 KB request naming one voice 5,000 times
        # would take gigabytes (issue 20).
        raise UsageError(
            f"a voice blend may mix at most {MAX_BLEND_VOICES} voices",
            hint="write it like af_heart:0.6,bf_emma:0.4",
        )
    if not spec.strip() or any(not p for p in parts):
        raise UsageError(
            f"malformed voice blend {spec!r}", hint="write it like af_heart:0.6,bf_emma:0.4"
        )
    pairs: list[tuple[str, float]] = []
    for part in parts:
        name, _, weight_text = part.partition(":")
        name = name.strip()
        try:
            weight = float(weight_text) if weight_text.strip() else 1.0
        except ValueError:
            raise UsageError(
                f"weight {weight_text!r} for {name} in {spec!r} is not a number",
                hint="write it like af_heart:0.6,bf_emma:0.4",
            ) from None
        if not name or weight < 0 or not np.isfinite(weight):
            raise UsageError(
                f"malformed voice blend {spec!r}", hint="weights must be numbers of 0 or more"
            )
        pairs.append((name, weight))
    total = sum(w for _, w in pairs)
    if total <= 0:
        raise UsageError(f"voice blend {spec!r} has no positive weight")
    return [(n, w / total) for n, w in pairs]


class VoiceLibrary:
    """Finds, loads, blends and saves voices in the store."""

    def __init__(self, voices_dir: Path, custom_dir: Path):
        self.voices_dir = Path(voices_dir)
        self.custom_dir = Path(custom_dir)

    # -- what exists ----------------------------------------------------------------
    def published(self) -> dict[str, dict]:
        """Published voices with their facts and whether each is installed."""
        return {
            name: {**facts, "installed": (self.voices_dir / f"{name}{VOICE_SUFFIX}").is_file()}
            for name, facts in voice_facts().items()
        }

    def custom(self) -> dict[str, dict]:
        """Saved custom voices: name -> {spec, language}."""
        result = {}
        if self.custom_dir.is_dir():
            for meta in sorted(self.custom_dir.glob("*.json")):
                try:
                    result[meta.stem] = json.loads(meta.read_text("utf-8"))
                except ValueError:
                    continue
        return result

    def all_names(self) -> list[str]:
        return sorted(voice_facts()) + sorted(self.custom())

    # -- loading --------------------------------------------------------------------
    def load(self, spec: str) -> Voice:
        """A voice for a name, custom name or blend spec."""
        spec = spec.strip()
        if "," in spec or ":" in spec:
            return self._blend(spec)
        return self._single(spec)

    def _single(self, name: str) -> Voice:
        if not _NAME.match(name):
            # Never a file name: no published or saved voice looks like this, and a
            # 10,000-character or "../" name must not reach the file system (issue 20).
            raise self._unknown(name)
        custom_meta = self.custom_dir / f"{name}.json"
        if custom_meta.is_file():
            try:
                meta = json.loads(custom_meta.read_text("utf-8"))
                language, speed = meta["language"], voice_speed(meta)
            except (ValueError, KeyError, TypeError, OSError):
                raise ModelNotFound(
                    f"saved voice {name} is damaged", hint=f"save it again with `litetts voices blend {name} ...`"
                ) from None
            pack = self._read_pack(self.custom_dir / f"{name}{VOICE_SUFFIX}", name)
            return Voice(name, pack, language, speed)
        if name not in voice_facts():
            raise self._unknown(name)
        path = self.voices_dir / f"{name}{VOICE_SUFFIX}"
        if not path.is_file():
            raise ModelNotFound(
                f"voice {name} is not installed", hint="run `litetts models fetch voices`"
            )
        return Voice(name, self._read_pack(path, name), language_for_voice(name))

    def _blend(self, spec: str) -> Voice:
        pairs = parse_blend(spec)
        voices = [(self._single(name), weight) for name, weight in pairs]
        pack = sum(v.pack * w for v, w in voices).astype(np.float32)
        heaviest = max(voices, key=lambda vw: vw[1])[0]
        canonical = ",".join(f"{v.name}:{w:.3g}" for v, w in voices)
        return Voice(canonical, pack, heaviest.language, float(sum(v.speed * w for v, w in voices)))

    @staticmethod
    def _read_pack(path: Path, name: str) -> np.ndarray:
        try:
            data = np.fromfile(path, dtype=np.float32)
        except OSError:
            data = np.zeros(0, dtype=np.float32)  # reported as damaged just below
        if data.size != MAX_TOKENS * STYLE_DIM:
            raise ModelNotFound(
                f"voice file for {name} is damaged ({data.size} values)",
                hint="run `litetts models fetch voices` to reinstall it",
            )
        return data.reshape(MAX_TOKENS, STYLE_DIM)

    def _unknown(self, name: str) -> VoiceNotFound:
        close = difflib.get_close_matches(name[:64], self.all_names(), n=3, cutoff=0.5) if len(name) <= 64 else []
        hint = f"did you mean {', '.join(close)}?" if close else "see `litetts voices list`"
        shown = name if len(name) <= 64 else f"{name[:40]}… ({len(name)} characters)"
        return VoiceNotFound(f"unknown voice {shown!r}", hint=hint)

    # -- saving ---------------------------------------------------------------------
    def save(self, name: str, spec: str) -> Voice:
        """Save a blend (or a copy of a voice) under a new name usable anywhere."""
        check_new_name(name)
        voice = self.load(spec)
        return self.save_pack(name, voice.pack, {"spec": spec, "language": voice.language, "kind": "blend",
                                                 "speed": round(voice.speed, 4)})

    def save_pack(self, name: str, pack: np.ndarray, meta: dict) -> Voice:
        """Save a style table (510 x 256) with its facts (``language`` at least) under ``name``."""
        check_new_name(name)
        with atomic_write(self.custom_dir / f"{name}{VOICE_SUFFIX}") as out:
            out.write(np.asarray(pack, dtype=np.float32).tobytes())
        with atomic_write(self.custom_dir / f"{name}.json") as out:
            out.write(json.dumps(meta, indent=2).encode("utf-8"))
        return Voice(name, np.asarray(pack, dtype=np.float32), meta["language"], voice_speed(meta))

    def delete(self, name: str) -> None:
        """Remove a saved custom voice (never a published one)."""
        if not _NAME.match(name) or not (self.custom_dir / f"{name}.json").is_file():
            raise self._unknown(name)
        (self.custom_dir / f"{name}.json").unlink()
        (self.custom_dir / f"{name}{VOICE_SUFFIX}").unlink(missing_ok=True)


def check_new_name(name: str) -> None:
    """UsageError unless ``name`` can be a custom voice's name."""
    if not _NAME.match(name):
        raise UsageError(
            f"voice name {name!r} is not allowed",
            hint="use lowercase letters, digits, '-' and '_' (up to 64)",
        )
    if name in voice_facts():
        raise UsageError(f"{name} is a published voice name", hint="pick another name")
