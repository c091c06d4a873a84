"""Write the stock voices' speaker embeddings the fitter ranks them by
(``python -m litetts_cli.clone.stock_embeddings``): each English stock voice speaks the
ranking sentences (``rank`` in ``data/texts.json``) on the default engine and its speech is embedded.
Run it again when the search sentences, the model or the speaker encoder change."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).parent / "data" / "stock_embeddings.json"


def main(argv: list[str]) -> None:
    from litetts_cli.clone.service import make_synth, stock_packs
    from litetts_cli.config import resolve
    from litetts_cli.engine.voices import VoiceLibrary
    from litetts_cli.speech import load_engine

    settings = resolve({})
    with tempfile.TemporaryDirectory(prefix="litetts-stock-") as custom:
        library = VoiceLibrary(settings.voices_dir, Path(custom))
        engine = load_engine(settings)
        synth = make_synth(engine, library)
        voices = {}
        for name, pack in stock_packs(library).items():
            voices[name] = [round(float(x), 5) for x in synth.embedding(pack, "rank")]
            print(name, file=sys.stderr, flush=True)
    OUT.write_text(json.dumps({"about": "Resemblyzer embeddings of each English stock voice speaking the "
                                        "'rank' sentences of texts.json (python -m litetts_cli.clone.stock_embeddings)",
                               "model": settings.model, "voices": voices}) + "\n", "utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
