"""Plan a book into token ids on this machine (CPU: ingest, normalize, espeak-ng),
for `bench.py` on a GPU machine that has torch but not litetts's text stack.

    python benchmarks/gpu/plan_book.py BOOK.epub OUT.json [--voice af_heart]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from litetts_cli.book.plan import plan_book
from litetts_cli.config import resolve
from litetts_cli.ingest import load_document
from litetts_cli.speech import Speaker, load_voice, make_normalizer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--voice", default="af_heart")
    args = parser.parse_args()
    settings = resolve({"voice": args.voice})
    voice = load_voice(settings)
    started = time.perf_counter()
    document = load_document(args.book)
    speaker = Speaker(engine=None, voice=voice, normalize=make_normalizer(settings, voice))
    planned = plan_book(list(enumerate(document.chapters, start=1)), speaker)
    seconds = time.perf_counter() - started
    chapters = [
        {
            "title": p.title,
            "words": p.words,
            "chunks": [{"ids": c.token_ids, "boundary": c.boundary, "text": c.text} for c in p.chunks],
        }
        for p in planned
    ]
    args.out.write_text(json.dumps({
        "book": args.book.name,
        "voice": args.voice,
        "plan_seconds": seconds,
        "words": sum(p.words for p in planned),
        "chapters": chapters,
        "style_pack": voice.pack.tolist(),
    }))
    print(f"{sum(p.words for p in planned)} words, {sum(len(p.chunks) for p in planned)} chunks, planned in {seconds:.1f} s")


if __name__ == "__main__":
    main()
