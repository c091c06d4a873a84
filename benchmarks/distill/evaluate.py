"""A distilled student against the bundled int8 model: log-mel distance and Whisper WER.

    .venv/bin/python benchmarks/distill/evaluate.py student-s4.npz --keep 0 --out /tmp/s4.onnx [--convert int8-rows]

Writes the student into the int8 graph (engine/onnx_student.py), then speaks the pruning
curve's held-out set (benchmarks/prune_curve.py: three sentences of the conversion check
and one more, by am_adam, bm_george and af_sky, plus a French sentence by ff_siwis: voices
and sentences the training did not use) with both models, and prints the distance per
clip (the conversion's bound is 0.1, worst clip) and Whisper tiny.en's WER on the English
clips for both. With --convert, also writes OUT's int8-rows or int8-gemm conversion for
timing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from prune_curve import HELD_OUT, HELD_OUT_FOREIGN, HELD_OUT_VOICES, calls  # noqa: E402

from litetts_cli.bench.quality import word_error_rate  # noqa: E402
from litetts_cli.config import BUNDLED_MODEL, resolve  # noqa: E402
from litetts_cli.engine import convert  # noqa: E402
from litetts_cli.engine.engine import Engine  # noqa: E402
from litetts_cli.engine.onnx_student import write_student  # noqa: E402
from litetts_cli.spectral import log_mel_distance  # noqa: E402
from litetts_cli.store import models as model_store  # noqa: E402
from litetts_cli.verify.whisper import transcribe  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("student", type=Path)
    parser.add_argument("--keep", default="0", help="resblocks kept per stage: 0 (kernel 3), 1 (7), 2 (11), e.g. 0,1")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--convert", choices=convert.METHODS, default=None)
    args = parser.parse_args()
    settings = resolve({})
    source = model_store.resolve_model(settings.models_dir, BUNDLED_MODEL)
    with np.load(args.student) as data:
        weights = {k: data[k] for k in data.files}
    left = write_student(source, args.out, weights, [int(k) for k in args.keep.split(",")])
    print(f"wrote {args.out}: {left} generator convolutions (the bundled model has 50)")
    voice, language, sentence = HELD_OUT_FOREIGN
    held = calls(settings, HELD_OUT, HELD_OUT_VOICES) + calls(settings, [(language, sentence)], [voice])
    texts = [s for _ in HELD_OUT_VOICES for _, s in HELD_OUT]
    reference, student = Engine(source), Engine(args.out)
    expected = [reference.synthesize(c.token_ids, c.style) for c in held]
    got = [student.synthesize(c.token_ids, c.style) for c in held]
    distances = np.array([log_mel_distance(e, g) for e, g in zip(expected, got)])
    print(f"log-mel distance: mean {distances.mean():.3f} worst {distances.max():.3f} "
          f"(French {distances[-1]:.3f}; bound {convert.DISTANCE_BOUND})")
    for label, audio in (("bundled", expected), ("student", got)):
        errors = [word_error_rate(t, transcribe(a, 24_000)) for t, a in zip(texts, audio)]
        print(f"Whisper WER {label}: mean {np.mean(errors):.3f}, clips with an error {sum(e > 0 for e in errors)} of {len(errors)}")
    if args.convert:
        dest = args.out.with_name(f"{args.out.stem}-{args.convert}.onnx")
        convert.convert_model(args.out, dest, args.convert)
        print(f"wrote {dest}")


if __name__ == "__main__":
    main()
