"""espeak-ng phonemizer, from the library and data shipped by ``espeakng-loader``."""

from __future__ import annotations

import threading
from functools import lru_cache

from litetts_cli.errors import G2PError

# Kokoro voice prefix -> espeak-ng language. Japanese ("j") and Mandarin ("z") need
# their own G2P (pyopenjtalk / pypinyin style), which espeak-ng cannot stand in for.
VOICE_LANGUAGES = {
    "a": "en-us",
    "b": "en-gb",
    "e": "es",
    "f": "fr-fr",
    "h": "hi",
    "i": "it",
    "p": "pt-br",
}
UNSUPPORTED_LANGUAGES = {"j": "Japanese", "z": "Mandarin Chinese"}

# espeak-ng keeps one global state per process (current voice, buffers); two threads
# phonemizing at once corrupt each other's output, so every call holds this lock.
_ESPEAK_LOCK = threading.Lock()


def language_for_voice(voice_name: str) -> str:
    """espeak-ng language for a Kokoro voice name such as ``af_heart``."""
    prefix = voice_name[:1]
    if prefix in UNSUPPORTED_LANGUAGES:
        raise G2PError(
            f"{UNSUPPORTED_LANGUAGES[prefix]} voices ({voice_name}) need a dedicated "
            "phonemizer that litetts does not have yet",
            hint="pick an English, Spanish, French, Hindi, Italian or Portuguese voice",
        )
    if prefix not in VOICE_LANGUAGES:
        raise G2PError(f"cannot tell the language of voice {voice_name!r}")
    return VOICE_LANGUAGES[prefix]


@lru_cache(maxsize=None)
def _backend(language: str):
    try:
        import espeakng_loader
        from phonemizer.backend import EspeakBackend
        from phonemizer.backend.espeak.wrapper import EspeakWrapper
    except ImportError as exc:  # pragma: no cover - a broken install
        raise G2PError(f"espeak-ng is not installed ({exc})", hint="run `make install`") from None
    EspeakWrapper.set_library(espeakng_loader.get_library_path())
    EspeakWrapper.set_data_path(espeakng_loader.get_data_path())
    return EspeakBackend(
        language,
        preserve_punctuation=True,
        with_stress=True,
        language_switch="remove-flags",
        # Every call is one short fragment; word-count mismatch warnings are noise.
        words_mismatch="ignore",
    )


def phonemize(text: str, language: str) -> str:
    """IPA phonemes with stress marks for ``text``, punctuation kept."""
    if not text.strip():
        return ""
    with _ESPEAK_LOCK:
        backend = _backend(language)
        result = backend.phonemize([text], strip=True, njobs=1)
    return result[0] if result else ""
