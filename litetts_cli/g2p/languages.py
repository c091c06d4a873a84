"""Which phonemizer speaks which language: a small registry, language -> G2P.

espeak-ng covers every Kokoro language except Japanese and Mandarin, which have their
own frontends (the ones Kokoro v1.0 was trained on); Hindi is espeak-ng with repairs
(:mod:`litetts_cli.g2p.hindi`). Callers ask :func:`g2p_for` and never branch on the
language themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Callable

from litetts_cli.errors import G2PError
from litetts_cli.g2p import chinese, espeak, hindi, japanese

VOICE_LANGUAGES = {
    "a": "en-us",
    "b": "en-gb",
    "e": "es",
    "f": "fr-fr",
    "h": "hi",
    "i": "it",
    "j": "ja",
    "p": "pt-br",
    "z": "zh",
}
"""Kokoro voice prefix -> the language code litetts uses for it."""

_ALIASES = {"cmn": "zh", "zh-cn": "zh", "zh-hans": "zh", "ja-jp": "ja", "jp": "ja"}
"""Other spellings of the languages that have a dedicated frontend (voices.json says
``cmn``; books say ``zh-CN`` or ``ja-JP``)."""

_WORDS = re.compile(r"\S+\s*")


def split_on_spaces(text: str) -> list[str]:
    """Words with their trailing whitespace, so ``"".join`` gives the text back."""
    return _WORDS.findall(text)


@dataclass(frozen=True)
class G2P:
    """How one language turns text into Kokoro phonemes."""

    language: str
    phonemize: Callable[[str], str]
    """Text -> phoneme string in Kokoro's vocabulary (punctuation kept)."""
    split_words: Callable[[str], list[str]] = split_on_spaces
    """Text -> words (each with its trailing whitespace; joined they give the text back).
    Chunking cuts long sentences only between these, so scripts written without spaces
    are never cut inside a word."""


_DEDICATED: dict[str, G2P] = {
    "ja": G2P("ja", japanese.phonemize, japanese.split_words),
    "zh": G2P("zh", chinese.phonemize, chinese.split_words),
    "hi": G2P("hi", hindi.phonemize),
}


def canonical_language(language: str) -> str:
    """``cmn``/``zh-CN`` -> ``zh``, ``ja-JP`` -> ``ja``; anything else as given (lower case)."""
    code = language.strip().lower().replace("_", "-")
    return _ALIASES.get(code, code)


@lru_cache(maxsize=None)
def g2p_for(language: str) -> G2P:
    """The phonemizer for a language code; espeak-ng for every language without its own."""
    code = canonical_language(language)
    if not code:
        raise G2PError("no language given for phonemizing", hint="pick a voice or pass --language")
    return _DEDICATED.get(code) or G2P(code, partial(espeak.phonemize, language=code))


DEFAULT_VOICES = {
    "en-us": "af_heart",
    "en-gb": "bf_emma",
    "es": "ef_dora",
    "fr-fr": "ff_siwis",
    "it": "if_sara",
    "pt-br": "pf_dora",
    "hi": "hf_alpha",
    "ja": "jf_alpha",
    "zh": "zf_xiaobei",
}
"""The voice that reads a language when the user names none (one per language code in
:data:`VOICE_LANGUAGES`)."""
_LANGUAGE_CODES = {"en": "en-us", "fr": "fr-fr", "pt": "pt-br", "cmn": "zh"}


def kokoro_language(language: str) -> str | None:
    """The litetts language code for a tag (``fr``, ``fr-CA``, ``pt``, ``en_GB``,
    ``zh-CN``), or None when Kokoro has no voice for it."""
    code = canonical_language(language)
    if code in DEFAULT_VOICES:
        return code
    first = code.split("-")[0]
    code = _LANGUAGE_CODES.get(first, first)
    return code if code in DEFAULT_VOICES else None


def default_voice_for(language: str) -> str | None:
    """``"fr"`` -> ``"ff_siwis"``; None when Kokoro has no voice for the language."""
    code = kokoro_language(language)
    return DEFAULT_VOICES[code] if code else None


def language_for_voice(voice_name: str) -> str:
    """The language of a Kokoro voice name such as ``af_heart`` or ``jf_alpha``."""
    prefix = voice_name[:1]
    if prefix not in VOICE_LANGUAGES:
        raise G2PError(
            f"cannot tell the language of voice {voice_name!r}",
            hint="Kokoro voice names start with a language letter: " + ", ".join(sorted(VOICE_LANGUAGES)),
        )
    return VOICE_LANGUAGES[prefix]


__all__ = ["DEFAULT_VOICES", "G2P", "VOICE_LANGUAGES", "default_voice_for", "kokoro_language", "canonical_language", "g2p_for", "language_for_voice", "split_on_spaces"]
