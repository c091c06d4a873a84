"""Sentence cues and word times of a whole book, as its chunks land in the stitched audio.

With the model's durations (the converted default model) every cue comes from where
the model put the sentence's first and last phoneme, moved by the trimming and pauses
of assembly (``ChunkSpan.place``). Without them (the bundled unconverted model, an old
cache entry) a chunk's span is shared among its sentences by length, as before, and
the result says how many chunks were estimated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from litetts_cli.assemble.stitch import ChunkSpan
from litetts_cli.book import subtitles
from litetts_cli.g2p.markup import plain_text
from litetts_cli.g2p.sentences import split_sentences
from litetts_cli.store.files import atomic_write
from litetts_cli.timing.words import Phonemize, WordTime, word_times, written_words


@dataclass
class BookTiming:
    """Cues for every chunk added, in order."""

    sentences: list[subtitles.Cue] = field(default_factory=list)
    sentence_chapters: list[int] = field(default_factory=list)
    """The chapter number of each of ``sentences``."""
    words: list[tuple[int, subtitles.Cue]] = field(default_factory=list)
    """(chapter number, word cue) for exactly timed chunks."""
    exact_chunks: int = 0
    estimated_chunks: int = 0

    @property
    def method(self) -> str:
        """"exact" (model durations), "estimated" (shared by length) or "mixed"."""
        if not self.estimated_chunks:
            return "exact"
        return "estimated" if not self.exact_chunks else "mixed"

    def add(self, chapter: int, text: str, phonemes: str, durations: np.ndarray | None, span: ChunkSpan,
            phonemize: Phonemize | None = None) -> None:
        """Time one chunk; ``phonemize`` is the phonemizer that read it (``G2P.phonemize``),
        which places words exactly where it ran some together (``timing.words``)."""
        spoken = plain_text(text)
        if not spoken:
            return
        times = word_times(spoken, phonemes, durations, phonemize) if durations is not None else []
        sentences = [s for s in (plain_text(s) for s in split_sentences(text)) if s]
        counts = [len(written_words(s)) for s in sentences]
        if not times or sum(counts) != len(times):
            self.estimated_chunks += 1
            cues = subtitles.cues_for_chunk(text, span.start_s, span.end_s)
            self.sentences.extend(cues)
            self.sentence_chapters.extend([chapter] * len(cues))
            return
        self.exact_chunks += 1
        placed = [_placed(w, span) for w in times]
        self.words.extend((chapter, w) for w in placed)
        position = 0
        for sentence, count in zip(sentences, counts):
            if count:
                first, last = placed[position], placed[position + count - 1]
                self.sentences.append(subtitles.Cue(first.start, last.end, sentence))
                self.sentence_chapters.append(chapter)
                position += count

    def word_cues(self) -> list[subtitles.Cue]:
        return [cue for _, cue in self.words]

    def write_files(self, options) -> list[Path]:
        """Word subtitles and JSON timestamps next to ``options.output`` (a ``BookOptions``
        for one audio file); the paths written."""
        written = []
        if options.split_chapters:
            return written
        if options.subtitles and options.subtitle_words:
            path = options.output.with_suffix(f".words.{options.subtitles}")
            subtitles.write(self.word_cues(), path, options.subtitles)
            written.append(path)
        if options.timestamps == "json":
            path = options.output.with_suffix(".timestamps.json")
            self.write_json(path)
            written.append(path)
        return written

    def write_json(self, path: Path) -> None:
        data = {
            "timing": self.method,
            "exact_chunks": self.exact_chunks,
            "estimated_chunks": self.estimated_chunks,
            "sentences": [{"text": c.text, "start": round(c.start, 3), "end": round(c.end, 3)} for c in self.sentences],
            "words": [
                {"chapter": chapter, "text": c.text, "start": round(c.start, 3), "end": round(c.end, 3)}
                for chapter, c in self.words
            ],
        }
        with atomic_write(path) as handle:
            handle.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _placed(word: WordTime, span: ChunkSpan) -> subtitles.Cue:
    rate = span.sample_rate
    return subtitles.Cue(span.place(word.start) / rate, span.place(word.end) / rate, word.text)
