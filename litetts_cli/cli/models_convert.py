"""`litetts models convert`: write a faster variant of an installed model into the store."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

from litetts_cli.cli import console
from litetts_cli.cli.common import settings_from
from litetts_cli.config import DEFAULT_MODEL
from litetts_cli.errors import EngineError, UsageError
from litetts_cli.store import models as model_store
from litetts_cli.store.files import sha256_file


def convert_command(
    ctx: typer.Context,
    method: Annotated[str, typer.Argument(help="How to convert: int8-gemm (int8 convolutions on ORT's fast int8 GEMM, fused norms).")],
    source_model: Annotated[str, typer.Option("--from", help="Installed model to convert.")] = DEFAULT_MODEL,
    name: Annotated[Optional[str], typer.Option("--name", help="Name in the store [default: SOURCE-METHOD].", show_default=False)] = None,
) -> None:
    """Convert a model for speed, check its audio against the source, add it to the store.

    The result is refused unless every check sentence has the source's length and a
    log-mel distance within the bound (docs/throughput.md). Use it with --model NAME.
    """
    from litetts_cli.engine import convert

    settings = settings_from(ctx)
    if method not in convert.METHODS:
        raise UsageError(f"unknown conversion method {method!r}", hint=f"use one of {', '.join(convert.METHODS)}")
    name = name or f"{source_model}-{method}"
    if not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise UsageError(f"model name {name!r} may use letters, digits, '.', '-' and '_' only")
    if name == source_model:
        raise UsageError("the converted model needs a name of its own", hint="pass --name NEW_NAME")
    source = model_store.resolve_model(settings.models_dir, source_model)
    directory = model_store.model_dir(settings.models_dir, name)
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=".model.", suffix=".onnx.tmp", dir=directory)
    os.close(fd)
    partial = Path(partial)
    installed = False
    try:
        console.note(f"converting {source_model} ({method}) ...")
        report = convert.convert_model(source, partial, method)
        console.note(f"checking {len(convert.CHECK_SENTENCES)} sentences against {source_model} ...")
        similarity = _check(settings, source, partial)
        worst = similarity.worst
        if not similarity.within():
            raise EngineError(
                f"converted audio is too far from {source_model}: worst log-mel distance "
                f"{worst:.3f} (bound {convert.DISTANCE_BOUND}), {similarity.length_mismatches} length mismatches",
                hint="the source may not be the int8 Kokoro model this method expects; nothing was installed",
            )
        target = directory / model_store.MODEL_FILE
        os.replace(partial, target)
        installed = True
    finally:
        partial.unlink(missing_ok=True)
        if created and not installed:
            directory.rmdir()
    info = model_store.ModelInfo(
        name=name,
        path=str(target),
        sha256=sha256_file(target),
        size=target.stat().st_size,
        source=f"converted from {source_model} ({method})",
        description=(
            f"{method}: {report.convolutions} convolutions, {report.norms} norms rewritten; "
            f"log-mel distance to {source_model} mean {similarity.mean:.3f}, worst {worst:.3f} "
            f"(bound {convert.DISTANCE_BOUND})"
        ),
    )
    model_store.write_meta(directory, info)
    console.note(f"installed {name}: {info.description}")
    console.note(f"use it with --model {name}")


def _check(settings, source: Path, converted: Path):
    """Both models on the fixed check sentences, with the configured voice."""
    from litetts_cli.engine import convert
    from litetts_cli.engine.engine import Engine
    from litetts_cli.g2p import espeak
    from litetts_cli.g2p.tokens import to_ids
    from litetts_cli.speech import load_voice

    voice = load_voice(settings)
    calls = []
    for sentence in convert.CHECK_SENTENCES:
        ids = to_ids(espeak.phonemize(sentence, "en-us"))
        calls.append((ids, voice.style_for(len(ids))))
    return convert.compare_models(Engine(source), Engine(converted), calls)
