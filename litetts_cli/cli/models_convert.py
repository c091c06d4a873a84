"""`litetts models convert`: write a faster variant of an installed model into the store."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from litetts_cli.cli import console
from litetts_cli.cli.common import settings_from
from litetts_cli.config import BUNDLED_MODEL


def convert_command(
    ctx: typer.Context,
    method: Annotated[str, typer.Argument(help="How to convert: int8-gemm (int8 convolutions on ORT's fast int8 GEMM, fused norms).")],
    source_model: Annotated[str, typer.Option("--from", help="Installed model to convert.")] = BUNDLED_MODEL,
    name: Annotated[Optional[str], typer.Option("--name", help="Name in the store [default: SOURCE-METHOD].", show_default=False)] = None,
) -> None:
    """Convert a model for speed, check its audio against the source, add it to the store.

    The result is refused unless every check sentence has the source's length and a
    log-mel distance within the bound (docs/throughput.md). Use it with --model NAME.
    The default model is this conversion of the bundled one, made on first use.
    """
    from litetts_cli.engine.variants import install_variant
    from litetts_cli.speech import load_voice

    settings = settings_from(ctx)
    name = name or f"{source_model}-{method}"
    info = install_variant(
        settings.models_dir, source_model, method, name, load_voice(settings), note=console.note
    )
    console.note(f"installed {name}: {info.description}")
    console.note(f"use it with --model {name}")
