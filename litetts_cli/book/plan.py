"""Plan a book, the first stage: preflight, then chapters -> chunks with cache keys and
the jobs for the chunks the cache lacks, before any synthesis."""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from litetts_cli.book.dialogue import plan_voiced_body
from litetts_cli.book.languages import Reading, phonemizer_language
from litetts_cli.book.preflight import preflight
from litetts_cli.book.types import (
    BookOptions, BookPlan, ChapterReport, PlannedChapter, Reporter, SilentReporter,
)
from litetts_cli.config import Settings, with_model
from litetts_cli.engine.chunking import Chunk, ChunkOptions
from litetts_cli.engine.device import TORCH_MODEL
from litetts_cli.engine.jobs import ChunkJob
from litetts_cli.engine.voices import Voice
from litetts_cli.g2p.markup import plain_text
from litetts_cli.errors import LitettsError
from litetts_cli.ingest import Chapter, Document
from litetts_cli.normalize.dialogue import Cast
from litetts_cli.normalize.headings import spoken_heading
from litetts_cli.speech import Speaker, device_for, load_voice, make_normalizer, model_identity, model_path
from litetts_cli.store.cache import AudioCache

__all__ = ["PlannedChapter", "plan_book", "plan_conversion"]

Dialogue = tuple[Cast, Callable[[Speaker, str], Speaker]]
"""The cast, and (chapter's speaker, voice spec) -> the speaker reading in that voice."""


def _chapter_jobs(planned: list[PlannedChapter]) -> tuple[list[tuple[int, ChunkJob]], dict[int, int]]:
    """Jobs for the chunks not in the cache yet, each with its chapter's voice."""
    jobs, reused = [], {}
    for chapter in planned:
        for position, (chunk, key) in enumerate(zip(chapter.chunks, chapter.keys)):
            if not chunk.token_ids:
                continue
            speaker = chapter.speaker_at(position)
            if speaker.cache.contains(key):
                reused[chapter.number] = reused.get(chapter.number, 0) + 1
            else:
                jobs.append((chapter.number, speaker.job(chunk)))
    return jobs, reused


def plan_conversion(
    document: Document,
    chapters: list[tuple[int, Chapter]],
    settings: Settings,
    options: BookOptions,
    reporter: Reporter = SilentReporter(),
    readings: dict[int, Reading] | None = None,
    cache: AudioCache | None = None,
    planner: Callable[..., list[PlannedChapter]] | None = None,
) -> BookPlan:
    """Preflight and plan ``chapters``: the chunks to synthesize and those reused.

    ``readings`` gives chapters (by number) their own voice and language (a French
    chapter read by ff_siwis with French phonemes); the others are read by the
    configured voice in its language. ``cache`` is shared by the books of a batch; by
    default the settings' cache, or a private one with ``use_cache`` off. ``planner``
    turns chapters into chunks (:func:`plan_book`; ``book.parallel_plan`` on every core).
    """
    started = time.perf_counter()
    if not chapters:
        raise LitettsError("no chapters to convert", hint="check --chapters, or run with --list-chapters")
    preflight(options, [c for _, c in chapters], settings.speed)
    settings = replace(settings, cluster=options.cluster)  # the engines' device is the cluster's there
    readings = readings or {}
    voice = load_voice(settings, readings[chapters[0][0]].voice if chapters[0][0] in readings else None)
    settings, model_file = _model_for_device(settings, reporter)
    cache, private_cache = _chunk_cache(settings, options, cache)
    readers = _Readers(settings, voice, chapters, readings, cache, model_identity(settings))
    reporter.phase("planning")
    dialogue = (options.dialogue, readers.voice_speaker) if options.dialogue is not None else None
    planned = (planner or plan_book)(chapters, readers.speaker_for, dialogue)
    jobs, reused = _chapter_jobs(planned)
    reports = {
        p.number: ChapterReport(p.number, p.title, p.words, len(p.chunks), reused.get(p.number, 0))
        for p in planned
    }
    return BookPlan(document, options, settings, planned, planned[0].speaker, readers.voices(), reports, jobs,
                    cache, model_file, started, private_cache)


def _model_for_device(settings: Settings, reporter: Reporter) -> tuple[Settings, Path]:
    """The settings the chosen device reads the model with, and the installed model file."""
    device = device_for(settings)
    if device.gpu:
        reporter.phase(device.note)
        # The torch engine reads the bundled int8 model's weights, whatever --model says.
        settings = with_model(settings, TORCH_MODEL)
    # Before the cache keys: they name the model by its sha256, known once it is installed.
    return settings, model_path(settings, note=reporter.phase)


def _chunk_cache(settings: Settings, options: BookOptions, cache: AudioCache | None) -> tuple[AudioCache, Path | None]:
    """The cache chunks go through, and the private folder to delete afterwards (if any)."""
    if cache is not None:
        return cache, None
    private_cache = None if options.use_cache else Path(tempfile.mkdtemp(prefix="litetts-nocache-"))
    return AudioCache(private_cache or settings.cache_dir), private_cache


class _Readers:
    """Who reads each chapter: one :class:`Speaker` per (voice, language), shared by the
    chapters read alike; the configured ``voice`` unless ``readings`` names another."""

    def __init__(self, settings: Settings, voice: Voice, chapters: list[tuple[int, Chapter]],
                 readings: dict[int, Reading], cache: AudioCache, model_id: str):
        self.settings, self.voice, self.readings = settings, voice, readings
        self.cache, self.model_id = cache, model_id
        self.numbers = {id(c): n for n, c in chapters}
        self.speakers: dict[tuple[str, str], Speaker] = {}

    def speaker_for(self, chapter: Chapter) -> Speaker:
        reading = self.readings.get(self.numbers[id(chapter)])
        chosen = load_voice(self.settings, reading.voice) if reading else self.voice
        language = phonemizer_language(reading.language, chosen.language) if reading else chosen.language
        key = (chosen.name, language)
        if key not in self.speakers:
            self.speakers[key] = Speaker(
                None, chosen, self.settings.speed,
                chunking=ChunkOptions(first_chunk_tokens=None),
                normalize=make_normalizer(self.settings, chosen, language),
                cache=self.cache, model_id=self.model_id, language=language,
            )
        return self.speakers[key]

    def voice_speaker(self, narrator: Speaker, spec: str) -> Speaker:
        """The narrator's settings in another voice (dialogue)."""
        chosen = load_voice(self.settings, spec)
        key = (chosen.name, narrator.language)
        if key not in self.speakers:
            self.speakers[key] = replace(narrator, voice=chosen)
        return self.speakers[key]

    def voices(self) -> dict[str, Voice]:
        return {s.voice.name: s.voice for s in self.speakers.values()}


def _same_words(heading: str, title: str) -> bool:
    """The heading says the title again: same words, or one contains the other
    ("Chapter One" over a TOC entry "One")."""
    def words(text: str) -> str:
        return " ".join(re.findall(r"\w+", plain_text(text).casefold()))  # "[Fabella](/…/)" is "Fabella"

    a, b = words(heading), words(title)
    return bool(a and b) and (a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def plan_book(
    chapters: list[tuple[int, Chapter]], speaker: Speaker | Callable[[Chapter], Speaker],
    dialogue: Dialogue | None = None,
) -> list[PlannedChapter]:
    """Chunks for each chapter: its title (a heading pause after it), then its text.

    Args:
        chapters: (number, chapter) pairs in reading order.
        speaker: decides normalization, phonemes and chunking (its engine is not used);
            or a function giving each chapter its own (a French chapter's voice).
        dialogue: speech read in other voices: the cast, and a function giving the
            speaker of a voice spec for a chapter's own speaker (``book.dialogue``).
    """
    planned: list[PlannedChapter] = []
    index = 0
    speaker_for = speaker if callable(speaker) and not isinstance(speaker, Speaker) else (lambda _c: speaker)
    for number, chapter in chapters:
        planned.append(_plan_chapter(number, chapter, speaker_for(chapter), dialogue, index))
        index += len(planned[-1].chunks)
    return planned


def _plan_chapter(
    number: int, chapter: Chapter, speaker: Speaker, dialogue: Dialogue | None, index: int
) -> PlannedChapter:
    """One chapter's chunks, numbered from ``index``: its spoken title, then its body."""
    language = speaker.language or speaker.voice.language
    title_text = None if _headings_say_title(chapter) else _spoken_title(chapter.title, language)
    chunks: list[Chunk] = []
    if title_text is not None:
        chunks.extend(speaker.iter_chunks(title_text, final_boundary="heading", start_index=index))
    paragraphs = _body_paragraphs(chapter, language)
    start = index + len(chunks)
    chunk_speakers = None
    if dialogue is not None and dialogue[0].active:
        cast, voice_speaker = dialogue
        body_chunks, body_speakers = plan_voiced_body(
            paragraphs, speaker, cast, lambda voice: voice_speaker(speaker, voice), start_index=start)
        chunk_speakers = [speaker] * len(chunks) + body_speakers
    else:
        body_chunks = list(speaker.iter_chunks("\n\n".join(paragraphs), final_boundary="chapter", start_index=start))
    if chunks and not body_chunks:
        # A chapter left blank on purpose (Tristram Shandy's XVIII): its title is its whole
        # track, followed by the pause that ends a chapter, not the one after a heading.
        chunks[-1] = replace(chunks[-1], boundary="chapter")
    chunks.extend(body_chunks)
    readers = chunk_speakers or [speaker] * len(chunks)
    return PlannedChapter(
        number=number,
        title=chapter.title,
        words=chapter.word_count,
        chunks=chunks,
        keys=[reader.cache_key(c) for reader, c in zip(readers, chunks)],
        speaker=speaker,
        chunk_speakers=chunk_speakers,
        spoken="\n\n".join(([title_text] if title_text is not None else []) + paragraphs),
    )


def _spoken_title(title: str, language: str) -> str | None:
    """The chapter title as read aloud, ending as a sentence; None for an untitled chapter."""
    if not title.strip():
        return None
    title_text = spoken_heading(title.strip(), "chapter", language)
    if title_text[-1].isalnum():
        title_text += "."
    return title_text


def _headings_say_title(chapter: Chapter) -> bool:
    """The headings that open the chapter say each part of a joined title, with others
    between them: a web book's "Epoch the First: Chapter I" over "Epoch the First.
    1703. Jonathan Wild. Chapter I. The Widow and her Child." is read as those headings,
    in their order, instead of the title and then "Chapter I" again after the epoch's."""
    pieces = [piece for piece in chapter.title.split(": ") if piece.strip()]
    opening = []
    for index, paragraph in enumerate(chapter.paragraphs):
        if index not in chapter.heading_indices:
            break
        opening.append(paragraph)
    if len(pieces) < 2 or len(opening) <= len(pieces):
        return False
    words = lambda text: re.findall(r"\w+", plain_text(text).casefold())  # noqa: E731
    said = [next((i for i, heading in enumerate(opening) if words(heading) == words(piece)), None) for piece in pieces]
    return None not in said and said == sorted(said) and said[-1] >= len(pieces)


def _body_paragraphs(chapter: Chapter, language: str) -> list[str]:
    """The paragraphs read after the title, headings in their spoken form."""
    kept = [(i, p) for i, p in enumerate(chapter.paragraphs) if p.strip()]
    title = "" if _headings_say_title(chapter) else chapter.title.strip()
    while title and kept and kept[0][0] in chapter.heading_indices and _same_words(kept[0][1], title):
        # The chapter's own headings are announced once, as its title (both "Part I"
        # and "I" under a title "Part I: I").
        kept.pop(0)
    return [
        spoken_heading(p.strip(), "section", language) if i in chapter.heading_indices else p
        for i, p in kept
    ]
