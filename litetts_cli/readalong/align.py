"""Which spoken sentence each written sentence is, and when it is heard.

The spoken sentences (cues timed from the model's durations, chapter by chapter) and
the written ones (``marks``) come from the same text, but not word for word: the
normalizer spelled out numbers and abbreviations, a chapter title may be announced
once, front matter is not read. Their words are matched in order (``difflib``); each
written sentence takes the cues its matched words belong to. Written sentences sharing
one cue (an abbreviation the page splits at, "Mr. Holmes") share its time by word
count; a written sentence with no matched word is not read and gets no clip.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from litetts_cli.readalong.marks import words


@dataclass(frozen=True)
class Spoken:
    """One sentence cue: its chapter's audio file and its time in it, seconds."""

    chapter: int
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Written:
    """One sentence of the book's pages: the page and its element's id."""

    page: str
    id: str
    text: str


@dataclass(frozen=True)
class Clip:
    page: str
    id: str
    chapter: int
    begin: float
    end: float


def align(written: list[Written], spoken: list[Spoken]) -> list[Clip]:
    """A clip for every written sentence heard, in reading order, never overlapping."""
    spoken_words, cue_of = [], []
    for index, cue in enumerate(spoken):
        for word in words(cue.text):
            spoken_words.append(word)
            cue_of.append(index)
    written_words, sentence_of = [], []
    for index, sentence in enumerate(written):
        for word in words(sentence.text):
            written_words.append(word)
            sentence_of.append(index)
    cues: dict[int, list[int]] = {}
    matcher = SequenceMatcher(None, written_words, spoken_words)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            cues.setdefault(sentence_of[block.a + k], []).append(cue_of[block.b + k])
    groups = _groups([(i, min(c), max(c)) for i, c in sorted(cues.items())])
    clips: list[Clip] = []
    for members, lo, hi in groups:
        first, last = spoken[lo], spoken[hi]
        end = last.end if last.chapter == first.chapter else max(first.end, first.start)
        counts = [max(1, len(words(written[i].text))) for i in members]
        total, begin = sum(counts), first.start
        for index, count in zip(members, counts):
            stop = begin + (end - first.start) * count / total
            clips.append(Clip(written[index].page, written[index].id, first.chapter, begin, stop))
            begin = stop
    return clips


def _groups(ranges: list[tuple[int, int, int]]) -> list[tuple[list[int], int, int]]:
    """Written sentences whose cue ranges overlap, joined: (sentences, first cue, last cue)."""
    groups: list[tuple[list[int], int, int]] = []
    for index, lo, hi in ranges:
        if groups and lo <= groups[-1][2]:
            members, first, last = groups[-1]
            groups[-1] = (members + [index], first, max(last, hi))
        else:
            groups.append(([index], lo, hi))
    return groups


def contiguous(clips: list[Clip]) -> list[Clip]:
    """Each clip runs on to the next one's start in the same audio file, so the
    sentence stays highlighted through the pause after it."""
    out = []
    for clip, after in zip(clips, clips[1:] + [None]):
        if after is not None and after.chapter == clip.chapter and after.begin > clip.end:
            clip = Clip(clip.page, clip.id, clip.chapter, clip.begin, after.begin)
        out.append(clip)
    return out
