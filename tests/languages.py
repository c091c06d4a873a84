"""One sentence per Kokoro language and the 54 installed voices, for the tests that make
every voice speak (issue 18)."""

from __future__ import annotations

import json
from importlib import resources

SENTENCES = {
    "en-us": "The boats came in before dawn.",
    "en-gb": "The boats came in before dawn.",
    "es": "Los barcos llegaron antes del amanecer.",
    "fr-fr": "Les bateaux sont arrivés avant l'aube.",
    "hi": "नावें सुबह होने से पहले आ गईं।",
    "it": "Le barche sono arrivate prima dell'alba.",
    "pt-br": "Os barcos chegaram antes do amanhecer.",
    "ja": "船は夜明け前に着きました。",
    "zh": "船在黎明前到了。",
}
VOICES = sorted(
    json.loads(resources.files("litetts_cli.store").joinpath("data/voices.json").read_text("utf-8"))["voices"]
)
