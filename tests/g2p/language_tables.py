"""The per-language tables in ``tests/g2p/tables/<language>.tsv`` (issue 18).

One row per line: written input, the normalized text handed to the phonemizer, and the
phonemes our G2P gives for it, tab-separated; ``\\n`` and ``\\t`` stand for a newline
and a tab. Each row was read by a person: the number said as a native speaker says it,
in the language's own phonemes (a wrong reading is a bug to fix, not a row to pin).
"""

from __future__ import annotations

from pathlib import Path

TABLES = Path(__file__).parent / "tables"

LANGUAGES = {"es": "es", "fr": "fr-fr", "it": "it", "pt": "pt-br", "hi": "hi", "ja": "ja", "zh": "zh"}
"""Table file name -> the language code litetts normalizes and phonemizes it with."""


def _unescape(field: str) -> str:
    out, chars = [], iter(field)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(nxt, "\\" + nxt))
        else:
            out.append(ch)
    return "".join(out)


def load_table(name: str) -> list[tuple[str, str, str]]:
    """``(input, normalized, phonemes)`` rows of ``tables/<name>.tsv``."""
    rows = []
    text = (TABLES / f"{name}.tsv").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise ValueError(f"{name}.tsv line {number}: expected 3 tab-separated fields, got {len(fields)}")
        rows.append(tuple(_unescape(f) for f in fields))
    return rows
