"""Take a sample of a finished ``litetts book --device cuda`` run's chunks out of its
cache, for ``wer_book.py`` (Whisper on this sample vs the CPU engine's audio of the same
chunks). Run on the GPU machine after the book, with the same book, voice and cache:

    python benchmarks/gpu/sample_chunks.py BOOK.epub CACHE_DIR OUT_PREFIX [--count 40] [--files 2]

The book is planned again exactly as ``litetts book --device cuda`` plans it (same
settings, so the same cache keys); ``count`` chunks evenly spaced over the book are
written, with their text, token ids and style row, to ``OUT_PREFIX-N.npz`` (``files``
archives, each small enough to travel).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from litetts_cli.book.plan import plan_conversion
from litetts_cli.book.types import BookOptions
from litetts_cli.config import resolve
from litetts_cli.g2p.tokens import to_ids
from litetts_cli.ingest import load_document


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("out", type=str)
    parser.add_argument("--voice", default="af_heart")
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--files", type=int, default=2)
    args = parser.parse_args()
    settings = resolve({"voice": args.voice, "device": "cuda", "cache_dir": str(args.cache)})
    document = load_document(args.book)
    chapters = list(enumerate(document.chapters, start=1))
    plan = plan_conversion(document, chapters, settings, BookOptions(output=Path("unused.m4b")))
    chunks = [(chapter, position) for chapter in plan.planned for position, chunk in enumerate(chapter.chunks)
              if chunk.token_ids]
    picks = np.linspace(0, len(chunks) - 1, args.count).round().astype(int)
    rows = []
    for number, pick in enumerate(picks):
        chapter, position = chunks[pick]
        chunk, key = chapter.chunks[position], chapter.keys[position]
        speaker = chapter.speaker_at(position)
        audio = plan.cache.get(key)
        if audio is None:
            raise SystemExit(f"chunk {pick} ({key}) is not in {args.cache}: run the book first")
        ids = to_ids(chunk.phonemes)
        style = speaker.voice.style_for(len(ids))
        rows.append((number, int(pick), chapter.number, chunk.text, ids, np.asarray(style, np.float32).reshape(-1),
                     np.round(np.clip(audio, -1, 1) * 32767).astype(np.int16)))
    for part in range(args.files):
        mine = rows[part:: args.files]
        arrays = {f"audio{n}": a for n, _, _, _, _, _, a in mine}
        arrays.update({f"ids{n}": np.asarray(i, np.int64) for n, _, _, _, i, _, _ in mine})
        arrays.update({f"style{n}": s for n, _, _, _, _, s, _ in mine})
        meta = [{"n": n, "index": p, "chapter": c, "text": t} for n, p, c, t, _, _, _ in mine]
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
        np.savez_compressed(f"{args.out}-{part}.npz", **arrays)
    print(f"{len(rows)} of {len(chunks)} chunks, {sum(r[6].size for r in rows) / 24000:.0f} s of audio")


if __name__ == "__main__":
    main()
