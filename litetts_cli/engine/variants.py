"""Converted model variants: write one into the store, checked against its source.

`litetts models convert` and the first use of the default model both come here. The
default (``kokoro-v1.0-int8-int8-gemm``) is derived from the bundled int8 file on first
use, so a fresh install needs nothing but the Python packages it already has. Where the
conversion fails its audio check (a CPU whose int8 GEMM rounds differently), the refusal
is recorded and the bundled model is used instead, with a note saying so.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable

from litetts_cli.config import DEFAULT_MODEL
from litetts_cli.engine import convert
from litetts_cli.engine.engine import Engine
from litetts_cli.engine.voices import Voice
from litetts_cli.errors import ConversionRefused, UsageError
from litetts_cli.store import models as model_store
from litetts_cli.store.files import atomic_write, sha256_file

Note = Callable[[str], None]
REFUSED_FILE = "refused.json"
"""Beside a derived model that failed its check here: the source model is used instead."""


def _quiet(_: str) -> None:
    pass


def check_name(name: str, source_model: str) -> None:
    if not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise UsageError(f"model name {name!r} may use letters, digits, '.', '-' and '_' only")
    if name == source_model:
        raise UsageError("the converted model needs a name of its own", hint="pass --name NEW_NAME")


def install_variant(
    models_dir: Path,
    source_model: str,
    method: str,
    name: str,
    voice: Voice,
    note: Note = _quiet,
) -> model_store.ModelInfo:
    """Convert ``source_model`` with ``method``, check it, install it as ``name``.

    The result is refused (nothing installed) unless every check sentence, spoken with
    ``voice``, has the source's length and a log-mel distance within the bound.
    """
    if method not in convert.METHODS:
        raise UsageError(f"unknown conversion method {method!r}", hint=f"use one of {', '.join(convert.METHODS)}")
    check_name(name, source_model)
    source = model_store.resolve_model(models_dir, source_model)
    directory = model_store.model_dir(models_dir, name)
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=".model.", suffix=".onnx.tmp", dir=directory)
    os.close(fd)
    partial = Path(partial)
    target = directory / model_store.MODEL_FILE
    installed = False
    try:
        note(f"converting {source_model} ({method}) ...")
        report = convert.convert_model(source, partial, method)
        note(f"checking {len(convert.CHECK_SENTENCES)} sentences against {source_model} ...")
        similarity = check_similarity(source, partial, voice)
        if not similarity.within():
            raise ConversionRefused(
                f"converted audio is too far from {source_model}: worst log-mel distance "
                f"{similarity.worst:.3f} (bound {convert.DISTANCE_BOUND}), "
                f"{similarity.length_mismatches} length mismatches",
                hint="the source may not be the int8 Kokoro model this method expects; nothing was installed",
            )
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
            f"log-mel distance to {source_model} mean {similarity.mean:.3f}, "
            f"worst {similarity.worst:.3f} (bound {convert.DISTANCE_BOUND})"
        ),
        recipe=convert.RECIPES[method],
    )
    model_store.write_meta(directory, info)
    (directory / REFUSED_FILE).unlink(missing_ok=True)
    return info


def check_similarity(source: Path, converted: Path, voice: Voice) -> convert.Similarity:
    """Both models on the fixed check sentences, with ``voice``."""
    from litetts_cli.g2p import espeak
    from litetts_cli.g2p.tokens import to_ids

    calls = []
    for sentence in convert.CHECK_SENTENCES:
        ids = to_ids(espeak.phonemize(sentence, "en-us"))
        calls.append((ids, voice.style_for(len(ids))))
    return convert.compare_models(Engine(source), Engine(converted), calls)


def ensure_model(
    models_dir: Path, name: str, voice: Callable[[], Voice], note: Note = _quiet, *, given: bool = True,
    measure: bool = True,
) -> Path:
    """Path of the model to run for ``name``; a derived model (the default) is converted
    on first use, or its source is used where the conversion was refused on this machine.

    When the user did not name a model (``given`` false) and ``name`` is the default, the
    model measured fastest on this CPU runs instead; with nothing recorded for this CPU
    yet, the installed models are measured now (``engine.machine_choice``), unless
    ``measure`` is false: then the default runs and ``note`` hears how to measure. A
    streaming ``synth`` passes false, because the measurement (tens of seconds) would come
    before its first audio.

    ``voice`` is called only when a conversion or a measurement is needed.
    """
    if not given and name == DEFAULT_MODEL:
        if measure:
            return model_store.resolve_model(models_dir, machine_model(models_dir, voice, note))
        from litetts_cli.engine.machine_choice import current_choice

        choice = current_choice(models_dir)
        if choice is None:
            note(f"which model is fastest on this CPU is not measured yet, so {name} runs "
                 "(`litetts models fetch` measures it, once)")
        elif choice.model != DEFAULT_MODEL:
            return model_store.resolve_model(models_dir, choice.model)
    derived = model_store.DERIVED_MODELS.get(name)
    directory = model_store.model_dir(models_dir, name)
    if derived is None or current(models_dir, name):
        return model_store.resolve_model(models_dir, name)
    source_model, method = derived
    if refusal(models_dir, name) is None:
        why = "; its conversion recipe changed" if model_store.read_meta(directory) else ""
        note(f"preparing {name} from {source_model} (once, about 30 s{why}) ...")
        try:
            install_variant(models_dir, source_model, method, name, voice(), note)
            return model_store.resolve_model(models_dir, name)
        except ConversionRefused as refused:
            directory.mkdir(parents=True, exist_ok=True)
            with atomic_write(directory / REFUSED_FILE) as handle:
                handle.write(json.dumps({"source": source_model, "reason": refused.message}).encode("utf-8"))
    note(
        f"{name} did not pass its audio check on this machine; using {source_model} "
        f"(retry with `litetts models convert {method} --name {name}`)"
    )
    return model_store.resolve_model(models_dir, source_model)


def current(models_dir: Path, name: str) -> bool:
    """``name`` is installed and, if it is a derived model, made by today's recipe."""
    info = model_store.read_meta(model_store.model_dir(models_dir, name))
    if info is None:
        return False
    derived = model_store.DERIVED_MODELS.get(name)
    return derived is None or info.recipe == convert.RECIPES[derived[1]]


def refusal(models_dir: Path, name: str) -> dict | None:
    """What was recorded when converting ``name`` was refused here, or None."""
    try:
        return json.loads((model_store.model_dir(models_dir, name) / REFUSED_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def machine_model(models_dir: Path, voice: Callable[[], Voice], note: Note = _quiet) -> str:
    """The model measured fastest on this CPU; measured now if nothing is recorded for it
    (every derived model is converted first, so it takes part)."""
    from litetts_cli.engine.machine_choice import current_choice, measure_and_record

    choice = current_choice(models_dir)
    stale = [n for n in model_store.DERIVED_MODELS if refusal(models_dir, n) is None and not current(models_dir, n)]
    if choice is not None and stale:
        choice = None  # a derived model is missing or made by an older recipe: convert, then measure again
    if choice is None:
        for name in model_store.DERIVED_MODELS:
            ensure_model(models_dir, name, voice, note)
        choice = measure_and_record(models_dir, voice(), note)
    return choice.model


def effective_model(models_dir: Path, name: str, *, given: bool = True) -> str:
    """The model that runs for ``name``: this CPU's measured choice for an unnamed
    default, else ``name``, or its source where its conversion was refused."""
    if not given and name == DEFAULT_MODEL:
        from litetts_cli.engine.machine_choice import current_choice

        choice = current_choice(models_dir)
        if choice is not None:
            return choice.model
    derived = model_store.DERIVED_MODELS.get(name)
    if derived and not current(models_dir, name):
        if refusal(models_dir, name) is not None:
            return derived[0]
    return name
