"""Voices for the API: Kokoro names, blends, saved custom voices and OpenAI's names.

OpenAI's names (alloy, nova...) map to Kokoro voices through ``data/openai_voices.json``;
they work inside blends too (``alloy:0.7,bf_emma:0.3``). A saved custom voice wins over
an OpenAI name it shadows: the user made it on purpose.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from functools import lru_cache
from importlib import resources

from litetts_cli.config import Settings
from litetts_cli.engine.voices import Voice, VoiceLibrary, parse_blend
from litetts_cli.g2p.languages import VOICE_LANGUAGES
from litetts_cli.speech import TextFilter, make_normalizer

__all__ = ["VoiceCatalog", "openai_voices"]

_LOADED_VOICES = 32
"""Voices kept in memory (512 KB each): the ones clients use keep coming back."""


@lru_cache(maxsize=1)
def openai_voices() -> dict[str, str]:
    """OpenAI voice name -> Kokoro voice name."""
    text = resources.files("litetts_cli.serve").joinpath("data/openai_voices.json").read_text("utf-8")
    return dict(json.loads(text)["voices"])


class VoiceCatalog:
    """Finds and loads voices by spec, keeping recently used ones and one normalizer
    per language. Safe to call from several threads."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.library = VoiceLibrary(settings.voices_dir, settings.custom_voices_dir)
        self._lock = threading.Lock()
        self._voices: OrderedDict[str, Voice] = OrderedDict()
        self._normalizers: dict[str, TextFilter] = {}

    def kokoro_spec(self, spec: str) -> str:
        """``spec`` with OpenAI names replaced by their Kokoro voices."""
        spec = spec.strip()
        if "," in spec or ":" in spec:
            pairs = parse_blend(spec)
            return ",".join(f"{self._kokoro_name(name)}:{weight:.6g}" for name, weight in pairs)
        return self._kokoro_name(spec)

    def _kokoro_name(self, name: str) -> str:
        mapped = openai_voices().get(name.lower())
        if mapped is None or (self.library.custom_dir / f"{name}.json").is_file():
            return name
        return mapped

    def load(self, spec: str) -> Voice:
        """The voice for a spec.

        Raises:
            VoiceNotFound, UsageError, ModelNotFound, G2PError: as :class:`VoiceLibrary`.
        """
        key = self.kokoro_spec(spec)
        with self._lock:
            voice = self._voices.get(key)
            if voice is not None:
                self._voices.move_to_end(key)
                return voice
        voice = self.library.load(key)
        with self._lock:
            self._voices[key] = voice
            while len(self._voices) > _LOADED_VOICES:
                self._voices.popitem(last=False)
        return voice

    def forget_cached(self, name: str) -> None:
        """Drop a voice (and blends naming it) from memory, after it was saved or deleted."""
        with self._lock:
            for key in [k for k in self._voices if name in k]:
                del self._voices[key]

    def forget(self, name: str) -> None:
        """Delete a saved custom voice.

        Raises:
            VoiceNotFound: there is no custom voice of that name.
        """
        self.library.delete(name)
        self.forget_cached(name)

    def normalizer(self, voice: Voice) -> TextFilter:
        """The CLI's normalizer for the voice's language (with the user's lexicon)."""
        with self._lock:
            found = self._normalizers.get(voice.language)
        if found is None:
            found = make_normalizer(self.settings, voice)
            with self._lock:
                found = self._normalizers.setdefault(voice.language, found)
        return found

    def listing(self) -> list[dict]:
        """Every voice a request may name, for ``GET /v1/audio/voices``.

        Only installed voices in languages litetts can phonemize are listed.
        """
        published = {
            name: facts
            for name, facts in self.library.published().items()
            if facts["installed"] and name[:1] in VOICE_LANGUAGES
        }
        custom = self.library.custom()
        rows = []
        for alias, target in openai_voices().items():
            if alias in custom or target not in published:
                continue
            facts = published[target]
            rows.append({
                "id": alias, "name": f"{alias} ({target})", "kind": "openai", "voice": target,
                "language": facts.get("language"), "gender": facts.get("gender"),
            })
        for name, facts in published.items():
            rows.append({
                "id": name, "name": name, "kind": "kokoro", "voice": name,
                "language": facts.get("language"), "gender": facts.get("gender"),
                "grade": facts.get("grade"),
            })
        for name, meta in custom.items():
            rows.append({
                "id": name, "name": name, "kind": "custom", "voice": meta.get("spec"),
                "language": meta.get("language"), "gender": None,
            })
        return rows
