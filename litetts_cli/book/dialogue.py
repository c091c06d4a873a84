"""Dialogue voices for a book: ``--dialogue-voice`` and ``--voices-file``.

A chapter's paragraphs are cut into narration and speech (``normalize.dialogue``); each
run is planned into chunks by the speaker of its voice, so every chunk has one voice and
its own cache key (the key names the voice). Runs inside a paragraph are joined with a
clause or sentence pause, following their last punctuation, through the same stitcher
as any other chunk, so the joins are trimmed and faded like every other.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Callable

from litetts_cli.engine.chunking import Boundary, Chunk
from litetts_cli.errors import InputError, UsageError
from litetts_cli.limits import read_settings_file
from litetts_cli.normalize.dialogue import Cast, voiced_runs
from litetts_cli.config import Settings
from litetts_cli.g2p.sentences import split_paragraphs
from litetts_cli.speech import Speaker, load_voice

VoiceSpeaker = Callable[[str], Speaker]
"""A voice spec -> the speaker that reads in it (same language, speed and cache)."""

_SENTENCE_END = tuple(".!?…")


def load_cast(dialogue_voice: str | None, voices_file: Path | None) -> Cast:
    """The cast from the options: ``voices_file`` (TOML or JSON) maps speaker names to
    voices and may set ``dialogue``; ``dialogue_voice`` wins over the file's.

    File format (TOML; JSON with the same keys works too)::

        dialogue = "am_adam"          # unattributed speech (optional)
        [speakers]
        "Elizabeth" = "af_bella"
        "Mr. Darcy" = "bm_george"

    Raises:
        InputError: the file cannot be read.
        UsageError: it is not valid TOML/JSON or has the wrong shape.
    """
    speakers: dict[str, str] = {}
    dialogue = None
    if voices_file is not None:
        data = _read_voices_file(voices_file)
        table = data.get("speakers", {})
        if not isinstance(table, dict) or not all(isinstance(v, str) and v for v in table.values()):
            raise UsageError(f"{voices_file}: [speakers] must map names to voice names",
                             hint='e.g. [speakers] "Mr. Darcy" = "bm_george"')
        unknown = sorted(set(data) - {"speakers", "dialogue"})
        if unknown:
            raise UsageError(f"{voices_file}: unknown key {', '.join(unknown)}", hint="known: dialogue, speakers")
        dialogue = data.get("dialogue")
        if dialogue is not None and not (isinstance(dialogue, str) and dialogue):
            raise UsageError(f"{voices_file}: dialogue must be a voice name", hint='e.g. dialogue = "am_adam"')
        speakers = dict(table)
    return Cast(dialogue=dialogue_voice or dialogue, speakers=speakers)


def _read_voices_file(path: Path) -> dict:
    try:
        raw = read_settings_file(path).decode("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read voices file {path}: {exc.strerror}", hint="check the path") from None
    except UnicodeDecodeError:
        raise UsageError(f"voices file {path} is not UTF-8 text", hint="save it as UTF-8 TOML or JSON") from None
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
        raise UsageError(f"voices file {path} is not valid {kind}: {exc}", hint="fix the file") from None
    if not isinstance(data, dict):
        raise UsageError(f"voices file {path} must be a table of keys", hint="dialogue = ..., [speakers]")
    return data


def cast_voices(cast: Cast) -> list[str]:
    """Every voice the cast may use, for loading (and checking) before synthesis."""
    return sorted({v for v in (cast.dialogue, *cast.speakers.values()) if v})


def checked_cast(settings: Settings, dialogue_voice: str | None, voices_file: Path | None) -> Cast | None:
    """The cast of ``--dialogue-voice`` and ``--voices-file``, every voice in it loaded
    once now so a misspelt one fails before synthesis; None when neither is given."""
    if dialogue_voice is None and voices_file is None:
        return None
    cast = load_cast(dialogue_voice, voices_file)
    for spec in cast_voices(cast):
        load_voice(settings, spec)
    return cast


def voiced_chunks(text: str, narrator: Speaker, cast: Cast, speaker_for: VoiceSpeaker) -> list[tuple[Chunk, Speaker]]:
    """``text`` (paragraphs apart by blank lines) as chunks, each with its reader."""
    chunks, readers = plan_voiced_body(split_paragraphs(text), narrator, cast, speaker_for, final_boundary="paragraph")
    return list(zip(chunks, readers))


def _run_boundary(text: str) -> Boundary:
    return "sentence" if text.rstrip("”’\"»)").endswith(_SENTENCE_END) else "clause"


def plan_voiced_body(
    paragraphs: list[str], narrator: Speaker, cast: Cast, speaker_for: VoiceSpeaker,
    *, final_boundary: Boundary = "chapter", start_index: int = 0,
) -> tuple[list[Chunk], list[Speaker]]:
    """Chunks for a chapter body, each with the speaker (voice) that reads it.

    Returns:
        (chunks, speakers): ``speakers[i]`` reads ``chunks[i]``.
    """
    chunks: list[Chunk] = []
    speakers: list[Speaker] = []
    index = start_index
    for number, runs in enumerate(voiced_runs(paragraphs, cast)):
        last_paragraph = number == len(paragraphs) - 1
        for position, (voice, text) in enumerate(runs):
            if position == len(runs) - 1:
                boundary: Boundary = final_boundary if last_paragraph else "paragraph"
            else:
                boundary = _run_boundary(text)
            speaker = narrator if voice is None else speaker_for(voice)
            planned = speaker.plan(text, final_boundary=boundary, start_index=index)
            index += len(planned)
            chunks.extend(planned)
            speakers.extend([speaker] * len(planned))
    if chunks and chunks[-1].boundary != final_boundary:  # a last paragraph of punctuation only
        chunks[-1] = replace(chunks[-1], boundary=final_boundary)
    return chunks, speakers
