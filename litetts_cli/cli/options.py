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
    typer.Option("--model", "-m", help="Installed model name [default: the conversion of the bundled int8 model measured fastest on this CPU, marked * in `litetts models list`].", show_default=False),
]
Threads = Annotated[
    Optional[int],
    typer.Option("--threads", help="ONNX Runtime threads per engine [default: all cores].", show_default=False, min=1),
]
Device = Annotated[
    Optional[str],
    typer.Option(
        "--device",
        help="auto, cpu or cuda[:N]: cuda runs the torch engine on a GPU (pip install 'litetts[gpu]'); "
        "auto uses a GPU when PyTorch sees one [default: auto; env LITETTS_DEVICE].",
        show_default=False,
    ),
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
Cluster = Annotated[
    Optional[str],
    typer.Option(
        "--cluster",
        help="Synthesize on a Ray cluster: ray://HOST:PORT (Ray Client), HOST:PORT, or auto on a "
        "node of one; needs litetts[ray] [env LITETTS_CLUSTER]. See docs/cluster.md.",
        show_default=False,
    ),
]
GpusPerActor = Annotated[
    Optional[float],
    typer.Option(
        "--gpus-per-actor",
        help="With --cluster and GPU engines (--device cuda, or auto on a cluster with GPUs): the share of "
        "one GPU each Ray actor asks for, 0.25 = four engines per GPU [default: 0.25].",
        show_default=False, min=0.01, max=1.0,
    ),
]

# Options of the book pipeline, shared by `book` and `batch`.
Workers = Annotated[
    Optional[int],
    typer.Option("--workers", min=1, help="Engines: processes here, or Ray actors with --cluster "
                 "[default: one per core, or per --threads CPUs of the cluster].", show_default=False),
]
EngineThreads = Annotated[
    Optional[int],
    typer.Option("--threads", min=1, help="Threads per engine, and CPUs per Ray actor [default: cores / workers].",
                 show_default=False),
]
Subtitles = Annotated[
    Optional[str], typer.Option("--subtitles", help="Also write sentence subtitles: srt or vtt.", show_default=False)
]
Loudness = Annotated[
    float,
    typer.Option("--loudness", min=-70.0, max=-5.0, callback=finite,
                 help="Target loudness in LUFS (EBU R128), from -70 to -5."),
]
NoLoudness = Annotated[bool, typer.Option("--no-loudness", help="Keep levels as synthesized.")]
FrontMatter = Annotated[
    bool, typer.Option("--include-front-matter", help="Also read cover, copyright and contents pages, and reference lists.")
]
HeadingLevel = Annotated[
    int, typer.Option("--heading-level", min=1, max=6, help="Markdown: heading level that starts a chapter.")
]
CacheDir = Annotated[
    Optional[Path],
    typer.Option("--cache-dir", help="Chunk cache, which is also what resume uses [env LITETTS_CACHE_DIR].",
                 show_default=False),
]
ReadTables = Annotated[
    bool, typer.Option("--read-tables", help="Word and HTML: read tables row by row instead of skipping them.")
]
MaxUnpackedSize = Annotated[
    Optional[str],
    typer.Option("--max-unpacked-size", help="Refuse an EPUB whose files unpack to more than this, like 256M "
                 "[default: 256M; env LITETTS_MAX_UNPACKED_SIZE].", show_default=False),
]
DialogueVoice = Annotated[
    Optional[str],
    typer.Option("--dialogue-voice", help="Read quoted speech in this voice, narration in --voice (docs/dialogue.md).",
                 show_default=False),
]
VoicesFile = Annotated[
    Optional[Path],
    typer.Option("--voices-file", help="TOML or JSON mapping speakers to voices ([speakers] \"Mr. Darcy\" = "
                 "\"bm_george\") for speech attributed to them (docs/dialogue.md).", show_default=False),
]
