"""Option declarations shared by several commands, so each reads the same everywhere."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Optional

import typer

def finite(value: float | None) -> float | None:
    """Refuse NaN and infinity, which every comparison lets through silently."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number")
    return value


Voice = Annotated[
    Optional[str],
    typer.Option(
        "--voice",
        "-v",
        help="Voice name (af_heart), saved custom voice, or blend af_heart:0.6,bf_emma:0.4. "
        "See `litetts voices list`.",
        show_default=False,
    ),
]
Language = Annotated[
    Optional[str],
    typer.Option(
        "--language",
        "-l",
        help="Language of the text (en-us, en-gb, es, fr, it, pt-br, hi, ja, zh): picks its "
        "default voice unless --voice is given, its phonemes and how numbers are read. "
        "Default: the voice's language, or detected from the text when no voice is named.",
        show_default=False,
    ),
]
Speed = Annotated[
    Optional[float],
    typer.Option(
        "--speed", "-s", help="Speaking rate from 0.5 to 2.0 [default: 1.0].", show_default=False, callback=finite
    ),
]
Model = Annotated[
    Optional[str],
    typer.Option("--model", "-m", help="Installed model name [default: kokoro-v1.0-int8-int8-gemm, the bundled int8 model converted for speed].", show_default=False),
]
Threads = Annotated[
    Optional[int],
    typer.Option("--threads", help="ONNX Runtime threads per engine [default: all cores].", show_default=False, min=1),
]
Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Do not read or write the audio cache for this run.")
]
Home = Annotated[
    Optional[Path],
    typer.Option(
        "--home",
        help="Store directory for models, voices and cache [env LITETTS_HOME].",
        show_default=False,
    ),
]
Lexicon = Annotated[
    Optional[Path],
    typer.Option(
        "--lexicon",
        help="Pronunciation dictionary (TOML): [words] word = \"/IPA/\" or \"respelling\"; "
        "[normalize.replace] regex = \"text\" [env LITETTS_LEXICON].",
        show_default=False,
    ),
]
MaxInputSize = Annotated[
    Optional[str],
    typer.Option(
        "--max-input-size",
        help="Refuse a file, stdin or EPUB larger than this, like 64M or 1G "
        "[default: 64M; env LITETTS_MAX_INPUT_SIZE].",
        show_default=False,
    ),
]
