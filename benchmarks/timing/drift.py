"""Do sentence cues drift over a long book? litetts's cues against Whisper, over ~30 minutes.

    .venv/bin/python benchmarks/timing/drift.py --source SE/src/epub/text/a-scandal-in-bohemia.xhtml \
        [--words 4700] [--out benchmarks/timing/drift] [--cache-dir DIR]

``--source`` is a Standard Ebooks XHTML file (CC0; the text used for the committed
figure is "A Scandal in Bohemia" from the Standard Ebooks edition of *The Adventures of
Sherlock Holmes*). Its paragraphs, up to ``--words`` words (about 30 minutes at
Kokoro's pace), become a Markdown book that ``litetts book --timestamps json`` reads
with the default model. Whisper tiny.en then hears the whole audio once with word
timestamps, and every sentence whose first word it heard gives a signed offset (our
cue start minus Whisper's). Writes ``<out>.md`` and ``<out>.json``. The built text and
audio live in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from litetts_cli.bench.sync import drift_summary, heard_words, sentence_offsets  # noqa: E402

XHTML = "{http://www.w3.org/1999/xhtml}"
BOUND_MS = 100.0


def build_markdown(source: Path, words: int) -> tuple[str, int]:
    """The source's title, section headings and paragraphs as Markdown, cut after the
    paragraph that reaches ``words`` words."""
    root = etree.parse(str(source)).getroot()
    lines, count = [], 0
    for element in root.iter(f"{XHTML}h2", f"{XHTML}h3", f"{XHTML}p"):
        text = " ".join("".join(element.itertext()).replace("\u2060", "").split())
        if not text:
            continue
        if element.tag == f"{XHTML}h2":
            lines.append(f"# {text}")
        elif element.tag == f"{XHTML}h3":
            lines.append(f"## {text}")
        else:
            lines.append(text)
            count += len(text.split())
            if count >= words:
                break
    return "\n\n".join(lines) + "\n", count


def cpu_name() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor()
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return f"{fields.get('Model name', '?').strip()} ({fields.get('Architecture', '?').strip()}, {fields.get('CPU(s)', '?').strip()} CPUs)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="a Standard Ebooks chapter (XHTML)")
    parser.add_argument("--words", type=int, default=4700)
    parser.add_argument("--voice", default="af_heart")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "timing" / "drift")
    parser.add_argument("--note", default="", help="said in the report, e.g. that the machine was loaded")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="chunk cache to use (a run that was stopped resumes from it) [default: a temporary one]")
    args = parser.parse_args()

    import soundfile as sf

    markdown, words = build_markdown(args.source, args.words)
    with tempfile.TemporaryDirectory(prefix="litetts-drift-") as tmp:
        book = Path(tmp) / "book.md"
        book.write_text(markdown, encoding="utf-8")
        audio_path = Path(tmp) / "book.wav"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "litetts_cli", "book", str(book), "-o", str(audio_path), "-f", "wav",
             "--voice", args.voice, "--timestamps", "json", "--no-loudness", "--cache-dir", str(args.cache_dir or Path(tmp) / "cache")],
            check=True,
        )
        synth_s = time.perf_counter() - started
        stamps = json.loads(audio_path.with_suffix(".timestamps.json").read_text(encoding="utf-8"))
        audio, rate = sf.read(audio_path, dtype="float32")
        started = time.perf_counter()
        heard = heard_words(audio, rate)
        whisper_s = time.perf_counter() - started
    offsets = sentence_offsets(stamps, heard)
    summary = drift_summary(offsets, len(stamps["sentences"]))
    worst = sorted(offsets, key=lambda o: abs(o.offset), reverse=True)[:5]
    report = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "source": args.source.name,
        "words": words,
        "voice": args.voice,
        "timing": stamps["timing"],
        "audio_minutes": round(len(audio) / rate / 60, 2),
        "cpu": cpu_name(),
        "synthesis_s": round(synth_s, 1),
        "whisper_s": round(whisper_s, 1),
        "note": args.note,
        **summary,
        "worst": [{"text": o.text[:80], "ours_s": round(o.start, 3), "heard_s": round(o.heard, 3),
                   "offset_ms": round(1000 * o.offset, 1)} for o in worst],
        "offsets_ms": [round(1000 * o.offset, 1) for o in offsets],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(render(report), encoding="utf-8")
    print(render(report))
    return 0


def render(r: dict) -> str:
    lines = [
        "# Sentence cue drift over a long book",
        "",
        f"{r['audio_minutes']} minutes of *{r['source']}* ({r['words']} words, Standard Ebooks, CC0) read by "
        f"`litetts book --timestamps json` with {r['voice']} (timing: {r['timing']}), heard by Whisper tiny.en "
        f"with word timestamps. {r['matched']} of {r['sentences']} sentences had their first word matched.",
        "",
        "| measure | ms |",
        "| --- | ---: |",
        f"| median \\|cue start - heard start\\| | {r['median_abs_ms']} |",
        f"| 90th percentile | {r['p90_abs_ms']} |",
        f"| max | {r['max_abs_ms']} |",
        f"| drift (spread of the median signed offset over 6 parts of the book) | {r['drift_ms']} |",
        "",
        f"Median signed offset (ours - Whisper) per sixth of the book: {r['median_by_part_ms']} ms.",
        "",
        "Largest offsets (Whisper's word times scatter too, so these are upper bounds on our error):",
        "",
        *[f"- {w['offset_ms']} ms at {w['ours_s']} s: {w['text']}" for w in r["worst"]],
        "",
        f"Run {r['date']} on {r['cpu']}; synthesis {r['synthesis_s']} s, Whisper {r['whisper_s']} s. {r['note']}",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
