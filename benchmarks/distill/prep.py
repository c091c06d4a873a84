"""Build the data a distillation run needs (benchmarks/distill/README.md).

    .venv/bin/python benchmarks/distill/prep.py OUT_DIR [--split-mb 34]

Writes OUT_DIR/compact.npz (the bundled model's weights as int8 values and scales, read
back by torch_weights.load_compact), voices.npz (every installed voice in float16) and
tokens.npz (token ids of sentences from the committed corpus books: ten English novels and
plays, and the Spanish, French and Italian art-of-command-line). With --split-mb the
weights are also cut into compact.part0, compact.part1 ... for carrying in pieces.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from litetts_cli.config import BUNDLED_MODEL, resolve  # noqa: E402
from litetts_cli.engine.torch_weights import read_onnx_weights, save_compact  # noqa: E402
from litetts_cli.g2p import espeak  # noqa: E402
from litetts_cli.g2p.tokens import to_ids  # noqa: E402
from litetts_cli.store import models as model_store  # noqa: E402

BOOKS = ROOT / "tests" / "corpus" / "books"
PLAN = (
    ("en-us", ("a-tale-of-two-cities", "adventures-of-sherlock-holmes", "moby-dick", "pride-and-prejudice",
               "frankenstein", "the-time-machine", "crime-and-punishment", "hamlet", "north-of-boston",
               "alices-adventures-in-wonderland"), 450),
    ("es", ("art-of-command-line-es",), 150),
    ("fr-fr", ("art-of-command-line-fr",), 150),
    ("it", ("art-of-command-line-it",), 150),
)
"""(espeak language, corpus books, sentences per book)."""


def book_sentences(path: Path):
    """Sentences of 30-260 characters from an EPUB's pages, markup and code-like ones left out."""
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if not name.endswith((".xhtml", ".html", ".htm")):
                continue
            text = book.read(name).decode("utf-8", "ignore")
            text = re.sub(r"(?s)<head.*?</head>", " ", text)
            text = re.sub(r"\s+", " ", re.sub(r"&[a-z]+;", " ", re.sub(r"<[^>]+>", " ", text)))
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if 30 <= len(sentence) <= 260 and not re.search(r"[<>{}\[\]|/\\_=]", sentence):
                    yield sentence


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--split-mb", type=float, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    settings = resolve({})
    source = model_store.resolve_model(settings.models_dir, BUNDLED_MODEL)
    save_compact(read_onnx_weights(source, compact=True), args.out / "compact.npz")
    voices = {p.stem: np.fromfile(p, np.float32).reshape(-1, 256).astype(np.float16)
              for p in sorted(settings.voices_dir.glob("*.bin"))}
    np.savez(args.out / "voices.npz", **voices)
    rng = random.Random(7)
    sequences, languages = [], []
    for language, books, per_book in PLAN:
        for book in books:
            sentences = list(dict.fromkeys(book_sentences(BOOKS / f"{book}.epub")))
            rng.shuffle(sentences)
            taken = 0
            for sentence in sentences:
                ids = to_ids(espeak.phonemize(sentence, language))
                if 8 <= len(ids) <= 300:
                    sequences.append(np.array(ids, np.int16))
                    languages.append(language)
                    taken += 1
                if taken >= per_book:
                    break
            print(f"{book}: {taken} sentences", flush=True)
    lengths = np.array([len(s) for s in sequences])
    np.savez(args.out / "tokens.npz", flat=np.concatenate(sequences), lengths=lengths, langs=np.array(languages))
    print(f"{len(sequences)} sentences, {int(lengths.sum())} tokens, {len(voices)} voices")
    if args.split_mb:
        data = (args.out / "compact.npz").read_bytes()
        step = int(args.split_mb * 1e6)
        for index, start in enumerate(range(0, len(data), step)):
            (args.out / f"compact.part{index}").write_bytes(data[start:start + step])


if __name__ == "__main__":
    main()
