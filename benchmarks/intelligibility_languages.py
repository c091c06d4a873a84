"""Intelligibility in every Kokoro language: what multilingual Whisper base hears.

    .venv/bin/python benchmarks/intelligibility_languages.py [--voices ef_dora,jf_alpha] [--out PATH]

Every voice (all 54 by default) speaks the two sentences of its language in
``tests/asr_languages.py`` through the synth pipeline (the language's normalizer, its
phonemizer, the installed model); Whisper base, told the language, transcribes them.
The error rate is over words (es, fr, it, pt-BR, hi, en), over the katakana reading (ja)
or over toneless pinyin syllables (zh). Writes ``<out>.md`` (per language and per voice)
and ``<out>.json`` (every sentence and what was heard).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the scoring lives with the tests, in tests/asr_languages.py

import numpy as np  # noqa: E402

from benchmarks.asr_report import cell, footer, stamp, write  # noqa: E402
from litetts_cli.config import resolve  # noqa: E402
from litetts_cli.ingest.reading import count_words  # noqa: E402
from litetts_cli.speech import Speaker, load_engine, load_voice, make_normalizer  # noqa: E402
from tests.asr_languages import SENTENCES, error_rate, score, units  # noqa: E402
from tests.languages import VOICES  # noqa: E402

UNITS = {"ja": "kana", "zh": "pinyin syllables", "hi": "consonants"}


def run(voices: list[str]) -> dict:
    settings = resolve({}, env={})
    engine = load_engine(settings)
    rows, started = [], time.perf_counter()
    for name in voices:
        voice = load_voice(settings, name)
        speaker = Speaker(engine, voice, 1.0, normalize=make_normalizer(settings, voice))
        for text in SENTENCES[voice.language]:
            audio = np.concatenate([speaker.render(c) for c in speaker.plan(text)])
            heard = score(name, voice.language, text, audio, 24_000)
            rows.append(asdict(heard))
            print(f"{name} {heard.error:.2f} {heard.heard}", file=sys.stderr)
    return {
        **stamp(),
        "model": settings.model,
        "asr": "Whisper base, multilingual (faster-whisper, int8, beam 1, language given)",
        "wall_seconds": round(time.perf_counter() - started, 1),
        "results": rows,
    }


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def markdown(report: dict) -> str:
    by_language, by_voice = defaultdict(list), defaultdict(list)
    for row in report["results"]:
        by_language[row["language"]].append(row["error"])
        by_voice[row["voice"]].append(row["error"])
    lines = [
        "# Intelligibility in every Kokoro language",
        "",
        f"Each voice speaks two plain sentences of its language (`tests/asr_languages.py`) "
        f"through the synth pipeline with `{report['model']}`; {report['asr']} transcribes "
        "them. Error rate = edit distance over the reference length, counted over words, "
        "over the katakana reading for Japanese (kanji or kana spellings of one word count "
        "the same), over toneless pinyin syllables for Chinese (simplified or "
        "traditional characters count the same) and over consonants for Hindi (Whisper "
        "writes the Hindi it hears in Urdu's script as often as in Devanagari). Whisper base is a small model: its own "
        "errors are part of these numbers, so compare languages and voices with care, "
        "and read what it heard below. Lower is better.",
        "",
        "| language | unit | voices | sentences | mean error | worst sentence |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for language, errors in by_language.items():
        voices = {r["voice"] for r in report["results"] if r["language"] == language}
        lines.append(f"| {language} | {UNITS.get(language, 'words')} | {len(voices)} | {len(errors)} | "
                     f"{_mean(errors):.3f} | {max(errors):.2f} |")
    lines += [
        "",
        "## Reading pace",
        "",
        "Words (Chinese and Japanese: characters, as `litetts_cli/ingest/reading.py` counts "
        "them) per second of audio at speed 1.0, over all the language's voices; each "
        "sentence's audio includes the model's short leading and trailing silence. These "
        "are the figures behind the duration estimates (`--list-chapters`, disk space).",
        "",
        "| language | words or characters | audio seconds | per second |",
        "| --- | ---: | ---: | ---: |",
    ]
    for language in by_language:
        rows = [r for r in report["results"] if r["language"] == language]
        words = sum(count_words(r["text"]) for r in rows)
        seconds = sum(r["seconds"] for r in rows)
        lines.append(f"| {language} | {words} | {seconds:.1f} | {words / seconds:.2f} |")
    lines += ["", "## Per voice", "", "| voice | mean error |", "| --- | ---: |"]
    lines += [f"| {voice} | {_mean(errors):.3f} |" for voice, errors in by_voice.items()]
    misheard = [r for r in report["results"] if r["error"] > 0]
    lines += ["", f"## Sentences not heard exactly ({len(misheard)} of {len(report['results'])})", ""]
    if misheard:
        lines += ["| voice | error | spoken | Whisper heard |", "| --- | ---: | --- | --- |"]
        lines += [f"| {r['voice']} | {r['error']:.2f} | {cell(r['text'])} | {cell(r['heard'])} |" for r in misheard]
    lines += ["", *footer(report, "intelligibility_languages.py", f", {report['wall_seconds']} s on a shared 2-core machine")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", help="comma-separated voice names [default: all 54]")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "intelligibility_languages")
    parser.add_argument("--report-only", action="store_true", help="rewrite <out>.md from <out>.json")
    args = parser.parse_args(argv)
    if args.report_only:
        report = json.loads(args.out.with_suffix(".json").read_text("utf-8"))
        for row in report["results"]:  # scored again, with the scoring as it is now
            row["error"] = error_rate(units(row["text"], row["language"]), units(row["heard"], row["language"]))
    else:
        report = run(args.voices.split(",") if args.voices else VOICES)
    write(args.out, report, markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
