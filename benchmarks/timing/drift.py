"""Do sentence cues drift over a long book? litetts's cues against where each sentence is heard.

    .venv/bin/python benchmarks/timing/drift.py --source SE/src/epub/text/a-scandal-in-bohemia.xhtml \\
        [--words 5300] [--out benchmarks/timing/drift] [--work DIR]

``--source`` is a Standard Ebooks XHTML file (CC0; the committed figures use "A Scandal
in Bohemia" from the Standard Ebooks edition of *The Adventures of Sherlock Holmes*).
Its paragraphs, up to ``--words`` words (5,300 are about 30 minutes), become a Markdown
book that ``litetts book --timestamps json`` reads with the default model.

Where each sentence is heard, two ways:

- **onset** (the reference the bound is checked on): Whisper tiny.en hears the whole
  audio once with word timestamps; its words pick out each sentence's first word and
  the pause before it; the sound coming back after that pause, to the sample, is where
  the sentence is heard (``litetts_cli/bench/onsets.py``). Nothing of our own timing is
  used to find it.
- **Whisper**: Whisper's start of that first word itself, as before.

Then both references are checked against the onset where it is exact (sentence starts):
Whisper's start and PocketSphinx's forced alignment of every ``--calibrate-every``-th
sentence, to show which one word timing can be checked by.

``--work DIR`` keeps the book, its audio, its chunk cache and Whisper's words there, so
a rerun (e.g. after a timing fix, which changes no audio) only re-assembles the book.
Writes ``<out>.md`` and ``<out>.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from litetts_cli.bench.align import forced_words  # noqa: E402
from litetts_cli.bench.sync import drift_summary, heard_words, norm_word, sentence_offsets, sentence_onsets  # noqa: E402

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


def whisper_words(audio: np.ndarray, rate: int, work: Path) -> tuple[list[tuple[str, float]], float]:
    """Whisper's words of the audio, reused from ``work`` when the audio is the same."""
    digest = hashlib.sha256(audio.tobytes()).hexdigest()
    saved = work / "heard.json"
    if saved.exists():
        data = json.loads(saved.read_text(encoding="utf-8"))
        if data.get("audio_sha256") == digest:
            return [tuple(w) for w in data["words"]], data["seconds"]
    started = time.perf_counter()
    heard = heard_words(audio, rate)
    seconds = round(time.perf_counter() - started, 1)
    saved.write_text(json.dumps({"audio_sha256": digest, "seconds": seconds, "words": heard}), encoding="utf-8")
    return heard, seconds


def calibrate(onsets, audio: np.ndarray, rate: int, every: int) -> dict:
    """Whisper's and the forced aligner's sentence starts minus the onset, for every
    ``every``-th sentence with an onset (the aligner hears that sentence alone, from 0.4 s
    before its onset to the pause after it)."""
    found = [o for o in onsets if o.found is not None]
    whisper, aligner, missing = [], [], 0
    for here, after in zip(found[::every], found[1::every]):
        lo, hi = here.found.onset - 0.4, after.found.pause_start + 0.05
        if not here.found.onset < hi < lo + 20:
            continue
        whisper.append(here.heard - here.found.onset)
        words = [w for w in (norm_word(t) for t in here.text.split()) if w]
        aligned = forced_words(audio[int(lo * rate):int(hi * rate)], rate, words)
        if aligned is None:
            missing += 1
            continue
        aligner.append(lo + aligned[0][1] - here.found.onset)

    def spread(values: list[float]) -> dict:
        v = 1000 * np.array(values)
        return {"n": len(v), "median_ms": round(float(np.median(v)), 1), "p10_ms": round(float(np.percentile(v, 10)), 1),
                "p90_ms": round(float(np.percentile(v, 90)), 1)}

    return {"whisper": spread(whisper), "forced_aligner": {**spread(aligner), "not_in_dictionary": missing}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="a Standard Ebooks chapter (XHTML)")
    parser.add_argument("--words", type=int, default=5300)
    parser.add_argument("--voice", default="af_heart")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "timing" / "drift")
    parser.add_argument("--work", type=Path, required=True, help="folder for the book, its audio, chunk cache and Whisper's words")
    parser.add_argument("--calibrate-every", type=int, default=3)
    parser.add_argument("--note", default="", help="said in the report, e.g. that the machine was loaded")
    args = parser.parse_args()

    import soundfile as sf

    markdown, words = build_markdown(args.source, args.words)
    args.work.mkdir(parents=True, exist_ok=True)
    book, audio_path = args.work / "book.md", args.work / "book.wav"
    book.write_text(markdown, encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "litetts_cli", "book", str(book), "-o", str(audio_path), "-f", "wav",
         "--voice", args.voice, "--timestamps", "json", "--no-loudness", "--cache-dir", str(args.work / "cache")],
        check=True,
    )
    book_s = time.perf_counter() - started
    stamps = json.loads(audio_path.with_suffix(".timestamps.json").read_text(encoding="utf-8"))
    audio, rate = sf.read(audio_path, dtype="float32")
    heard, whisper_s = whisper_words(audio, rate, args.work)

    onsets = sentence_onsets(stamps, heard, audio, rate)
    timed = [o for o in onsets if o.found is not None]
    onset_summary = drift_summary(timed, len(stamps["sentences"]))
    whisper_summary = drift_summary(sentence_offsets(stamps, heard), len(stamps["sentences"]))
    report = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "source": args.source.name,
        "words": words,
        "voice": args.voice,
        "timing": stamps["timing"],
        "audio_minutes": round(len(audio) / rate / 60, 2),
        "cpu": cpu_name(),
        "book_s": round(book_s, 1),
        "whisper_s": whisper_s,
        "note": args.note,
        "bound_ms": BOUND_MS,
        "onset": onset_summary,
        "whisper": whisper_summary,
        "over_bound": [_row(o) for o in timed if abs(o.offset) * 1000 > BOUND_MS],
        "worst": [_row(o) for o in sorted(timed, key=lambda o: -abs(o.offset))[:8]],
        "no_onset": [{"text": o.text[:80], "ours_s": round(o.start, 3), "whisper_s": round(o.heard, 3)}
                     for o in onsets if o.found is None],
        "calibration": calibrate(onsets, audio, rate, args.calibrate_every),
        "offsets_ms": [round(1000 * o.offset, 1) for o in timed],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(render(report), encoding="utf-8")
    print(render(report))
    return 0


def _row(o) -> dict:
    return {"text": o.text[:80], "ours_s": round(o.start, 3), "onset_s": round(o.found.onset, 3),
            "pause_s": round(o.found.pause_s, 3), "whisper_s": round(o.heard, 3), "offset_ms": round(1000 * o.offset, 1)}


def render(r: dict) -> str:
    o, w, c = r["onset"], r["whisper"], r["calibration"]
    table = lambda s: [  # noqa: E731
        f"| sentences matched | {s['matched']} of {s['sentences']} |",
        f"| median \\|cue start - heard start\\| | {s['median_abs_ms']} ms |",
        f"| 90th percentile | {s['p90_abs_ms']} ms |",
        f"| max | {s['max_abs_ms']} ms |",
        f"| median signed offset per sixth of the book | {', '.join(str(x) for x in s['median_by_part_ms'])} ms |",
        f"| drift (spread of those medians) | {s['drift_ms']} ms |",
    ]
    lines = [
        "# Sentence cue drift over a long book",
        "",
        f"{r['audio_minutes']} minutes of *{r['source']}* ({r['words']} words, Standard Ebooks, CC0) read by "
        f"`litetts book --timestamps json` with {r['voice']} (timing: {r['timing']}).",
        "",
        "## Against the onset of the sentence's sound (the reference the bound is checked on)",
        "",
        "Whisper tiny.en's words pick out each sentence's first word and the pause before it: between the starts",
        "of the words Whisper heard before and after that word, the last silence of at least 80 ms that begins by",
        "Whisper's start of it. Where the sound comes back after that pause (5 ms RMS over -45 dBFS) is where the",
        "sentence is heard (`litetts_cli/bench/onsets.py`). Our cues play no part in finding it.",
        "",
        "| measure | value |",
        "| --- | --- |",
        *table(o),
        "",
        f"Sentences more than {r['bound_ms']:.0f} ms from their onset: "
        + ("none." if not r["over_bound"] else ""),
        *[f"- {x['offset_ms']} ms at {x['ours_s']} s (onset {x['onset_s']} s, after a {x['pause_s']} s pause): {x['text']}"
          for x in r["over_bound"]],
        "",
        "Largest offsets (ours - onset):",
        "",
        *[f"- {x['offset_ms']} ms at {x['ours_s']} s (onset {x['onset_s']} s, Whisper {x['whisper_s']} s): {x['text']}"
          for x in r["worst"]],
        "",
        "Sentences Whisper matched but with no pause before them in its window (so no onset), listed rather than dropped:",
        "",
        *[f"- ours {x['ours_s']} s, Whisper {x['whisper_s']} s: {x['text']}" for x in r["no_onset"]],
        "",
        "## Against Whisper's start of the first word",
        "",
        "| measure | value |",
        "| --- | --- |",
        *table(w),
        "",
        "## Which reference to trust: both against the onset, where it is exact",
        "",
        "| reference - onset | sentences | median | 10th percentile | 90th percentile |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| Whisper tiny.en word start | {c['whisper']['n']} | {c['whisper']['median_ms']} ms | {c['whisper']['p10_ms']} ms | {c['whisper']['p90_ms']} ms |",
        f"| PocketSphinx forced alignment | {c['forced_aligner']['n']} | {c['forced_aligner']['median_ms']} ms | "
        f"{c['forced_aligner']['p10_ms']} ms | {c['forced_aligner']['p90_ms']} ms |",
        "",
        f"({c['forced_aligner']['not_in_dictionary']} sentences had a word outside PocketSphinx's dictionary.)",
        "",
        f"Run {r['date']} on {r['cpu']}; `litetts book` {r['book_s']} s, Whisper "
        + (f"{r['whisper_s']} s." if r["whisper_s"] is not None else "reused (the same audio heard before).")
        + f" {r['note']}",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
