"""``--verify`` in a book conversion: a proofreader fed each chunk as it is assembled."""

from __future__ import annotations

from litetts_cli.book.types import PlannedChapter
from litetts_cli.config import Settings
from litetts_cli.verify.proofread import ChapterText, Proofreader


def start_proofreader(settings: Settings, verify: bool) -> Proofreader | None:
    """A proofreader when ``verify`` asks for one, knowing the user's lexicon rules
    (a suspect passage one of them matches is blamed on the lexicon)."""
    if not verify:
        return None
    from litetts_cli.normalize import load_user_rules

    rules = load_user_rules(settings.lexicon) if settings.lexicon else ()
    return Proofreader([rule.pattern for rule in rules], threads=settings.threads or 2)


def chapter_texts(planned: list[PlannedChapter]) -> list[ChapterText]:
    """What each planned chapter was meant to say, with its normalizer and language."""
    return [
        ChapterText(p.number, p.title, p.spoken, p.speaker.normalize, p.speaker.language or p.speaker.voice.language,
                    p.speaker.phonemize)
        for p in planned if p.speaker is not None
    ]


def is_english(chapter: PlannedChapter) -> bool:
    speaker = chapter.speaker
    return speaker is not None and (speaker.language or speaker.voice.language).startswith("en")
