"""Vocoder pruning curve: keep fraction per stage -> log-mel distance to the int8 model.

    .venv/bin/python benchmarks/prune_curve.py 1,0.875 1,0.75 0.75,1 --out /tmp/pruned

Records the resblocks' ``convs2`` input moments on calibration sentences x voices
(engine/prune_calibrate.py), prunes the bundled int8 model at each ``STAGE1,STAGE2`` keep
fraction (writing ``<out>/pruned-<s1>-<s2>.onnx``), and measures every result against the
unmodified int8 model on held-out sentences and voices (a male, a British and a French
voice not calibrated on). Prints one line per fraction: refit error and distances. Speed
is measured separately (docs/throughput.md, "Pruning the vocoder").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from litetts_cli.config import BUNDLED_MODEL, resolve  # noqa: E402
from litetts_cli.engine import convert, prune_calibrate  # noqa: E402
from litetts_cli.engine.engine import Engine  # noqa: E402
from litetts_cli.g2p import espeak  # noqa: E402
from litetts_cli.g2p.tokens import to_ids  # noqa: E402
from litetts_cli.speech import load_voice  # noqa: E402
from litetts_cli.spectral import log_mel_distance  # noqa: E402
from litetts_cli.store import models as model_store  # noqa: E402

CALIBRATION = (
    ("en-us", "When the evening train finally arrived, the platform was nearly empty and cold."),
    ("en-us", "Mathematics, music and gardening were the three things she loved most of all."),
    ("en-us", "How many kilometres did you say the river runs before it reaches the sea?"),
    ("en-us", "He laughed, put down his coffee, and told us the whole ridiculous story again."),
)
CALIBRATION_VOICES = ("af_heart", "bf_emma", "am_michael")
HELD_OUT = tuple(("en-us", s) for s in convert.CHECK_SENTENCES[:3]) + (
    ("en-us", "Please remember to close the window before the storm begins tonight."),
)
HELD_OUT_VOICES = ("am_adam", "bm_george", "af_sky")
HELD_OUT_FOREIGN = ("ff_siwis", "fr-fr", "Le petit chat dort tranquillement au soleil pendant que les enfants jouent.")


def calls(settings, sentences, voices) -> list[prune_calibrate.Call]:
    made = []
    for name in voices:
        voice = load_voice(settings, name)
        for language, sentence in sentences:
            ids = to_ids(espeak.phonemize(sentence, language))
            made.append(prune_calibrate.Call(tuple(ids), voice.style_for(len(ids))))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fractions", nargs="+", help="STAGE1,STAGE2 keep fractions, e.g. 1,0.75")
    parser.add_argument("--out", type=Path, required=True, help="folder for the pruned models")
    args = parser.parse_args()
    settings = resolve({})
    source = model_store.resolve_model(settings.models_dir, BUNDLED_MODEL)
    args.out.mkdir(parents=True, exist_ok=True)
    moments = prune_calibrate.record_moments(source, calls(settings, CALIBRATION, CALIBRATION_VOICES))
    foreign_voice, language, sentence = HELD_OUT_FOREIGN
    held = calls(settings, HELD_OUT, HELD_OUT_VOICES) + calls(settings, [(language, sentence)], [foreign_voice])
    reference = Engine(source)
    expected = [reference.synthesize(c.token_ids, c.style) for c in held]
    for spec in args.fractions:
        first, second = (float(f) for f in spec.split(","))
        dest = args.out / f"pruned-{first}-{second}.onnx"
        errors = prune_calibrate.prune_model(source, dest, {1: first, 2: second}, moments)
        engine = Engine(dest)
        distances = np.array([log_mel_distance(e, engine.synthesize(c.token_ids, c.style)) for e, c in zip(expected, held)])
        refit = np.array(list(errors.values()) or [0.0])
        print(f"keep {spec}: refit error mean {refit.mean():.4f} max {refit.max():.4f}; log-mel distance "
              f"mean {distances.mean():.3f} worst {distances.max():.3f} (French {distances[-1]:.3f}; "
              f"bound {convert.DISTANCE_BOUND})", flush=True)


if __name__ == "__main__":
    main()
