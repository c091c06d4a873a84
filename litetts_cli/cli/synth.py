"""`litetts synth`: text, a file or stdin to speech, streamed sentence by sentence."""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from litetts_cli import SAMPLE_RATE
from litetts_cli.cli import console
from litetts_cli.cli.common import read_text_input, settings_from
from litetts_cli.cli.options import (
    Device, DialogueVoice, Json, Language, Lexicon, MaxInputSize, Model, NoCache, Speed, Threads, Voice, VoicesFile,
)
from litetts_cli.errors import UsageError

STDOUT = "-"


def synth_command(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            help="Text to speak, a path to a .txt/.md/.pdf/.docx/.html file, or - to read stdin. "
            "Text or a file name that starts with '-' goes after --: litetts synth -- -notes.txt",
            show_default=False,
        ),
    ],
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output", "-o",
            help="Audio file (.wav .flac .mp3 .ogg .opus .m4a), or - for stdout. "
            "Default: stdout when it is piped.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        Optional[str],
        typer.Option("--format", "-f", help="wav, flac, mp3, ogg, opus, m4a, or pcm (raw s16le mono 24 kHz, stdout). Default: from the file extension.", show_default=False),
    ] = None,
    voice: Voice = None,
    language: Language = None,
    speed: Speed = None,
    model: Model = None,
    threads: Threads = None,
    device: Device = None,
    show_phonemes: Annotated[
        bool, typer.Option("--show-phonemes", help="Print the normalized text and phonemes of each chunk; write no audio.")
    ] = False,
    lexicon: Lexicon = None,
    max_input_size: MaxInputSize = None,
    no_cache: NoCache = False,
    timestamps: Annotated[
        Optional[Path],
        typer.Option("--timestamps", help="Also write each word's and sentence's start/end time (seconds) to this JSON file.", show_default=False),
    ] = None,
    dialogue_voice: DialogueVoice = None,
    voices_file: VoicesFile = None,
    json: Json = False,
) -> None:
    """Speak text into an audio file or a pipe.

    \b
    Examples:
      litetts synth "Hello there." -o hello.wav
      litetts synth chapter.txt -o chapter.mp3 --voice bf_emma --speed 1.1
      litetts synth page.html -o article.mp3           # the article, not the menus
      cat notes.md | litetts synth - -o - | ffplay -nodisp -autoexit -
      litetts synth "Read the 3rd line." --show-phonemes
      litetts synth "Bonjour, je m'appelle Marie." --show-phonemes   # French, detected
      litetts synth "Il a 21 ans." --language fr -o fr.wav
      litetts synth story.txt -o story.mp3 --timestamps story.json   # word times
      litetts synth -- -notes.txt -o notes.wav      # a name that starts with '-'
    """
    if show_phonemes:
        _show_phonemes(ctx, text, voice=voice, language=language, lexicon=lexicon, json=json,
                       max_input_size=max_input_size)
        return
    target = output
    if target is None:
        if sys.stdout.isatty():
            raise UsageError("where should the audio go?", hint="add -o FILE.wav, or pipe the output (-o -)")
        target = STDOUT
    if json and target == STDOUT:
        raise UsageError("--json prints to stdout, which is taken by the audio", hint="use -o FILE with --json")
    result = synthesize_to(ctx, text, target, fmt, voice=voice, language=language, speed=speed, model=model,
                           threads=threads, lexicon=lexicon, use_cache=not no_cache,
                           max_input_size=max_input_size, device=device, timestamps=timestamps,
                           dialogue_voice=dialogue_voice, voices_file=voices_file)
    if json:
        console.print_json(result)
    elif target != STDOUT:
        console.note(
            f"wrote {result['output']}: {result['audio_seconds']:.1f} s of audio in "
            f"{result['wall_seconds']:.1f} s (real-time factor {result['real_time_factor']:.2f})"
        )


def synthesize_to(
    ctx: typer.Context,
    text: str,
    target: str,
    fmt: str | None,
    *,
    voice: str | None = None,
    language: str | None = None,
    speed: float | None = None,
    model: str | None = None,
    threads: int | None = None,
    lexicon: Path | None = None,
    use_cache: bool = True,
    max_input_size: str | None = None,
    device: str | None = None,
    timestamps: Path | None = None,
    dialogue_voice: str | None = None,
    voices_file: Path | None = None,
) -> dict:
    """Check everything cheap first, then stream chunks into the sink. Returns a summary.

    The model loads in a background thread while the text is normalized and its first
    chunk phonemized (``engine.loading``): the two overlap on separate cores, and the first
    chunk is short (``ChunkOptions.first_chunk_tokens``), so audio starts soon (issue 12)."""
    from litetts_cli.encode import check_not_an_input, check_writable, resolve_format
    from litetts_cli.engine.loading import LoadingEngine
    from litetts_cli.speech import choose_voice, engine_builder, require_text

    started = time.perf_counter()
    settings = settings_from(ctx, voice=voice, speed=speed, model=model, threads=threads, lexicon=lexicon,
                             max_input_size=max_input_size, device=device)
    out_format = resolve_format(target, fmt)
    if target != STDOUT:
        check_not_an_input(target, [text, settings.lexicon, settings.config_file, voices_file])
        check_writable(Path(target))
    if timestamps is not None:
        check_not_an_input(timestamps, [text, settings.lexicon, settings.config_file, target])
        check_writable(timestamps)
    spoken, label = read_text_input(text, settings.limits)
    require_text(spoken)
    choice = choose_voice(settings, spoken, language)
    with LoadingEngine(engine_builder(settings, note=console.note, measure=False)) as engine:
        return _stream(settings, engine, choice, spoken, label, target, out_format, started=started,
                       use_cache=use_cache, timestamps=timestamps, dialogue_voice=dialogue_voice,
                       voices_file=voices_file)


def _stream(settings, engine, choice, spoken: str, label: str, target: str, out_format, *, started: float,
            use_cache: bool, timestamps: Path | None, dialogue_voice: str | None, voices_file: Path | None) -> dict:
    """Plan, synthesize and write chunk by chunk; ``engine`` may still be loading."""
    from litetts_cli.assemble import Stitcher
    from litetts_cli.book.dialogue import checked_cast
    from litetts_cli.book.timing import BookTiming
    from litetts_cli.encode import open_sink
    from litetts_cli.speech import Speaker, make_normalizer, model_identity, open_cache, pause_profile

    chosen_voice = choice.voice
    cache = open_cache(settings, enabled=use_cache)
    speaker = Speaker(
        engine, chosen_voice, settings.speed, normalize=make_normalizer(settings, chosen_voice),
        cache=cache, model_id=model_identity(settings),
    )
    stitcher = Stitcher(profile=pause_profile(settings), sample_rate=SAMPLE_RATE)
    first_audio: float | None = None
    chunks = 0
    timing = BookTiming()
    planned = _readers(settings, speaker, spoken, checked_cast(settings, dialogue_voice, voices_file))
    first_chunk = next(planned, None)
    if first_chunk is None:
        raise UsageError("the text has nothing to speak after normalization", hint="give words, not only symbols")
    voices_read: set[str] = set()
    with open_sink(target if target == STDOUT else Path(target), out_format.name, SAMPLE_RATE) as sink:
        for chunk, reader in itertools.chain([first_chunk], planned):
            audio, durations = reader.render_timed(chunk)
            voices_read.add(reader.voice.name)
            for block in stitcher.add(audio, chunk.boundary, pause_s=chunk.pause, text=chunk.text):
                sink.write(block)
            timing.add(1, chunk.text, chunk.phonemes, durations, stitcher.spans[-1], reader.g2p.phonemize)
            if first_audio is None:
                first_audio = time.perf_counter() - started
            chunks += 1
        for block in stitcher.finish():
            sink.write(block)
    cache.record_counters()
    if timestamps is not None:
        timing.write_json(timestamps)
    wall = time.perf_counter() - started
    seconds = stitcher.duration_s
    return {
        "input": label,
        "output": target,
        "format": out_format.name,
        "voice": chosen_voice.name,
        "voices": sorted(voices_read),
        "language": choice.language,
        "language_source": choice.reason,
        "speed": settings.speed,
        "model": settings.model,
        "chunks": chunks,
        "audio_seconds": round(seconds, 3),
        "wall_seconds": round(wall, 3),
        "real_time_factor": round(wall / seconds, 4) if seconds else None,
        "first_audio_seconds": round(first_audio, 3) if first_audio is not None else None,
        "timestamps": str(timestamps) if timestamps is not None else None,
        "timing": timing.method if timestamps is not None else None,
    }


def _readers(settings, narrator, text: str, cast):
    """(chunk, speaker) in reading order: all the narrator's, streamed a paragraph at a
    time, or with a dialogue cast each run of speech in its voice (planned up front)."""
    from dataclasses import replace

    from litetts_cli.book.dialogue import voiced_chunks
    from litetts_cli.speech import load_voice

    if cast is None:
        return ((chunk, narrator) for chunk in narrator.iter_chunks(text))
    readers = {}

    def speaker_for(spec: str):
        if spec not in readers:
            readers[spec] = replace(narrator, voice=load_voice(settings, spec))
        return readers[spec]

    return iter(voiced_chunks(text, narrator, cast, speaker_for))


_REASONS = {
    "voice": "the voice's language",
    "language": "from --language",
    "detected": "detected from the text",
    "default": "the default voice's language",
}


def _show_phonemes(
    ctx: typer.Context, text: str, *, voice: str | None, language: str | None, lexicon: Path | None, json: bool,
    max_input_size: str | None
) -> None:
    from litetts_cli.speech import Speaker, choose_voice, make_normalizer, require_text

    settings = settings_from(ctx, voice=voice, lexicon=lexicon, max_input_size=max_input_size)
    spoken, _ = read_text_input(text, settings.limits)
    require_text(spoken)
    choice = choose_voice(settings, spoken, language)
    chosen = choice.voice
    speaker = Speaker(None, chosen, settings.speed, normalize=make_normalizer(settings, chosen))
    chunks = speaker.plan(spoken)
    rows = [
        {"index": c.index, "text": c.text, "phonemes": c.phonemes, "tokens": c.token_count,
         "boundary": c.boundary, "pause": c.pause}
        for c in chunks
    ]
    if json:
        console.print_json(
            {"voice": chosen.name, "language": choice.language, "language_source": choice.reason, "chunks": rows}
        )
        return
    console.out.print(f"voice {chosen.name}, language {choice.language} ({_REASONS[choice.reason]})", markup=False)
    for row in rows:
        console.out.print(f"[{row['index']}] {row['text']}", markup=False)
        console.out.print(f"    /{row['phonemes']}/  ({row['tokens']} tokens, then {row['boundary']})", markup=False)
