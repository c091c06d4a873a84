"""The tricky-sentence intelligibility suite: load the sentences, speak them, score them.

Shared by ``tests/e2e/test_tricky.py`` (which asserts the bar) and
``benchmarks/intelligibility.py`` (which writes the report, with the raw espeak-ng
baseline beside it).

Scoring is whisper-normalizer's ``EnglishTextNormalizer`` on both the reference and
the transcript, then a few notation folds (:data:`NOTATION_FOLDS`), then word error
rate. whisper-normalizer already folds "Dr." into "doctor" and "forty-five dollars" into
"$45"; the folds extend that to places where Whisper writes one and the same speech in
two ways ("3.2 kg" for "three point two kilograms"). A fold maps spellings, never sounds,
and applies to both sides alike.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from statistics import fmean

import numpy as np

from tests.helpers import transcribe

SENTENCES_FILE = Path(__file__).with_name("tricky_sentences.toml")

CATEGORIES = (
    "numbers",
    "money",
    "dates_times",
    "units",
    "abbreviations",
    "acronyms",
    "roman",
    "web_symbols",
    "homographs",
    "prose",
)
"""Report order: the normalizer's categories, then plain prose as the control."""

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"

WRITTEN_FOLDS: tuple[tuple[str, str], ...] = (
    # "jane.doe@gmail.com" is read "jane dot doe at gmail dot com"; whisper-normalizer
    # would delete the dot and the at sign, so a transcript that wrote the address
    # could never match the spoken words. Letters on both sides: "3.5" and "e.g." stay.
    (r"(?<=[A-Za-z]{2})\.(?=[A-Za-z]{2})", " dot "),
    (r"(?<=\w)@(?=\w)", " at "),
)
"""Applied to the raw strings, before whisper-normalizer."""

NOTATION_FOLDS: tuple[tuple[str, str], ...] = (
    # "a.m.", "AM" and "am" are one word to a listener.
    (r"\b([ap]) m\b", r"\1m"),
    # "7:45 a.m.", "7.45 AM" and "seven forty-five a.m." (which becomes "745 a m").
    (r"\b(\d{1,2})[ .]?(\d{2}) ([ap]m)\b", r"\1\2 \3"),
    # "December 25, 1990" is how Whisper writes "December twenty-fifth, nineteen ninety".
    (rf"\b({_MONTHS}) (\d{{1,2}})(?:st|nd|rd|th)\b", r"\1 \2"),
    # Unit names and their symbols ("12 km" for "twelve kilometers").
    (r"\bkilomet(?:er|re)s?\b", "km"),
    (r"\bkilogram(?:me)?s?\b", "kg"),
    (r"\bcentimet(?:er|re)s?\b", "cm"),
    (r"\bmillilit(?:er|re)s?\b", "ml"),
    (r"\bgigabytes?\b", "gb"),
    (r"\bmiles per hour\b", "mph"),
    (r"\bet cetera\b", "etc"),
)
"""Applied after whisper-normalizer, to reference and transcript alike."""


@dataclass(frozen=True)
class TrickySentence:
    category: str
    text: str
    """What goes into litetts."""
    references: tuple[str, ...]
    """What a listener should hear: the narrator's reading first, then other spellings of
    the same speech that the folds do not cover ("Henry VIII" for "Henry the Eighth")."""


@dataclass(frozen=True)
class Scored:
    category: str
    text: str
    heard: str
    wer: float


def load_sentences(path: Path = SENTENCES_FILE) -> list[TrickySentence]:
    with path.open("rb") as handle:
        rows = tomllib.load(handle)["sentence"]
    sentences = [
        TrickySentence(row["category"], row["text"], (row["reference"], *row.get("also", ())))
        for row in rows
    ]
    unknown = {s.category for s in sentences} - set(CATEGORIES)
    if unknown:
        raise ValueError(f"{path}: unknown categories {sorted(unknown)}")
    return sentences


@lru_cache(maxsize=1)
def _whisper_normalizer():
    from whisper_normalizer.english import EnglishTextNormalizer

    return EnglishTextNormalizer()


def comparable(text: str) -> str:
    """``text`` as it is compared: written folds, whisper-normalizer, notation folds."""
    for pattern, replacement in WRITTEN_FOLDS:
        text = re.sub(pattern, replacement, text)
    text = _whisper_normalizer()(text)
    for pattern, replacement in NOTATION_FOLDS:
        text = re.sub(pattern, replacement, text)
    return " ".join(text.split())


def tricky_wer(references: Iterable[str], heard: str) -> float:
    """Word error rate of ``heard`` against the closest of equivalent references."""
    import jiwer

    hypothesis = comparable(heard)
    return min(jiwer.wer(comparable(reference), hypothesis) for reference in references)


def score(
    speak: Callable[[str], np.ndarray], whisper, sentences: Iterable[TrickySentence]
) -> list[Scored]:
    """Speak each sentence, let Whisper transcribe it, and score what it heard."""
    results = []
    for sentence in sentences:
        heard = transcribe(whisper, speak(sentence.text))
        results.append(Scored(sentence.category, sentence.text, heard, tricky_wer(sentence.references, heard)))
    return results


def speaker_audio(speaker) -> Callable[[str], np.ndarray]:
    """``text -> samples`` for a :class:`litetts_cli.speech.Speaker`."""

    def speak(text: str) -> np.ndarray:
        return np.concatenate([audio for _, audio in speaker.stream(text)])

    return speak


def category_means(results: Iterable[Scored]) -> dict[str, float]:
    """Mean WER per category, in :data:`CATEGORIES` order."""
    by_category: dict[str, list[float]] = {}
    for result in results:
        by_category.setdefault(result.category, []).append(result.wer)
    return {c: fmean(by_category[c]) for c in CATEGORIES if c in by_category}


def overall_mean(results: Iterable[Scored]) -> float:
    return fmean(r.wer for r in results)


def category_counts(results: Iterable[Scored]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for result in results:
        counts[result.category] = counts.get(result.category, 0) + 1
    return counts


def format_table(columns: dict[str, list[Scored]]) -> str:
    """A plain-text table: one row per category, one column per pipeline, then the mean."""
    names = list(columns)
    means = {name: category_means(results) for name, results in columns.items()}
    counts = category_counts(columns[names[0]])
    lines = [f"{'category':<14} {'n':>3} " + " ".join(f"{name:>12}" for name in names)]
    for category in means[names[0]]:
        cells = " ".join(f"{means[name][category]:>12.3f}" for name in names)
        lines.append(f"{category:<14} {counts[category]:>3} {cells}")
    total = sum(counts.values())
    lines.append(f"{'mean':<14} {total:>3} " + " ".join(f"{overall_mean(columns[n]):>12.3f}" for n in names))
    return "\n".join(lines)


def format_misheard(results: Iterable[Scored]) -> str:
    """One line per sentence with WER > 0: the WER, what was written, what Whisper heard."""
    return "\n".join(f"{r.wer:.2f}  {r.text!r} -> {r.heard!r}" for r in results if r.wer > 0)


def as_dict(result: Scored) -> dict:
    return asdict(result)
