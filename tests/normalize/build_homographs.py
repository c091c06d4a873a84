"""Fill in the IPA of every homograph variant in litetts_cli/normalize/data/homographs.json.

Each variant names a respelling or short phrase ("say") whose last word espeak-ng reads as
that variant ("red" for past-tense "read", "to object" for the verb). The IPA is what the
g2p stage's own espeak-ng produces for it, in en-us and en-gb, so the markup we emit
matches the phoneme set Kokoro was trained on.

    .venv/bin/python tests/normalize/build_homographs.py          # rewrite the data file
    .venv/bin/python tests/normalize/build_homographs.py --check  # exit 1 if it is stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "litetts_cli" / "normalize" / "data" / "homographs.json"
LANGUAGES = ("en-us", "en-gb")


def phonemize_last_words(phrases: list[str], language: str) -> list[str]:
    """The IPA of the last word of each phrase, as espeak-ng reads it in context."""
    import espeakng_loader
    import phonemizer
    from phonemizer.backend.espeak.wrapper import EspeakWrapper

    EspeakWrapper.set_library(espeakng_loader.get_library_path())
    EspeakWrapper.set_data_path(espeakng_loader.get_data_path())
    out = phonemizer.phonemize(phrases, language, preserve_punctuation=True, with_stress=True)
    return [line.split()[-1] for line in out]


def compute(data: dict) -> dict:
    """``{word: {variant: {language: ipa}}}`` for every variant's "say" text."""
    keys = [
        (w, v, spec["say"]) for w, entry in data["words"].items() for v, spec in entry["variants"].items()
    ]
    result: dict = {}
    for language in LANGUAGES:
        for (word, variant, _), ipa in zip(
            keys, phonemize_last_words([k[2] for k in keys], language), strict=True
        ):
            result.setdefault(word, {}).setdefault(variant, {})[language] = ipa
    return result


def dump(data: dict) -> str:
    """JSON with one rule or variant per line, so diffs stay readable."""
    lines = ["{", f'  "_about": {json.dumps(data["_about"], ensure_ascii=False)},', '  "pos_cues": {']
    cues = list(data["pos_cues"].items())
    for i, (name, words) in enumerate(cues):
        comma = "," if i < len(cues) - 1 else ""
        lines.append(f"    {json.dumps(name)}: {json.dumps(words, ensure_ascii=False)}{comma}")
    lines += ["  },", '  "words": {']
    words = list(data["words"].items())
    for i, (word, entry) in enumerate(words):
        lines.append(f"    {json.dumps(word)}: {{")
        lines.append(f'      "variants": {json.dumps(entry["variants"], ensure_ascii=False)},')
        head = {k: entry[k] for k in ("default", "verb", "noun")}
        lines.append("      " + json.dumps(head)[1:-1] + ",")
        lines.append('      "rules": [')
        for j, rule in enumerate(entry["rules"]):
            comma = "," if j < len(entry["rules"]) - 1 else ""
            lines.append(f"        {json.dumps(rule, ensure_ascii=False)}{comma}")
        lines.append("      ]")
        lines.append("    }" + ("," if i < len(words) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    data = json.loads(DATA.read_text("utf-8"))
    for word, variants in compute(data).items():
        for variant, ipa in variants.items():
            data["words"][word]["variants"][variant]["ipa"] = ipa
    text = dump(data)
    if "--check" in argv:
        return 0 if text == DATA.read_text("utf-8") else 1
    DATA.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
