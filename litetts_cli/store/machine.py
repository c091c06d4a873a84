"""This machine's default model, measured on its CPU and recorded in the store (issue 12).

Which installed model is fastest depends on the CPU: the int8-gemm conversion is about 2x
the bundled int8 file with AVX-512 VNNI but gains far less with AVX2 alone. ``litetts
models fetch`` (or the first command that needs a model, when nothing was recorded yet)
times every installed model on this CPU and records the fastest one that passed the
conversion's audio check. The record is keyed by the CPU's architecture and instruction
set features (:func:`litetts_cli.host.cpu_features`): a store shared by machines with
different CPUs holds one choice per kind of CPU, and a new kind is measured again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from litetts_cli.host import cpu_architecture, cpu_features
from litetts_cli.store.files import atomic_write

CHOICES_FILE = "machine-choice.json"
"""In the models folder, beside the models it chooses between."""


@dataclass(frozen=True)
class Measurement:
    """One installed model timed on this CPU and compared with the bundled model's audio."""

    name: str
    rtf: float | None
    """Seconds of synthesis per second of audio (one thread); None when it could not run."""
    distance: float | None = None
    """Worst log-mel distance to the reference model's audio; None for the reference."""
    length_mismatches: int = 0
    sha256: str | None = None
    """The file that was measured: a changed file is measured again."""
    error: str = ""
    """Why it could not be measured (it failed to load or to run)."""

    def passes(self, bound: float) -> bool:
        """Ran, and its audio is within ``bound`` of the reference (the reference passes)."""
        if self.rtf is None or self.error or self.length_mismatches:
            return False
        return self.distance is None or self.distance <= bound


@dataclass(frozen=True)
class MachineChoice:
    """The model chosen for one kind of CPU, and the measurements behind it."""

    model: str
    reason: str
    cpu_key: str
    measurements: tuple[Measurement, ...] = field(default_factory=tuple)
    cpu: str = ""
    onnxruntime: str = ""
    measured_at: str = ""

    def measured(self, name: str) -> Measurement | None:
        return next((m for m in self.measurements if m.name == name), None)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "MachineChoice":
        fields = dict(data)
        fields["measurements"] = tuple(Measurement(**m) for m in data.get("measurements", ()))
        return cls(**fields)


def cpu_key(features: dict[str, bool] | None = None, architecture: str | None = None) -> str:
    """``x86_64:avx2,avx512f,...``: what decides which model is fastest here."""
    features = cpu_features() if features is None else features
    present = ",".join(sorted(name for name, on in features.items() if on)) or "none"
    return f"{architecture or cpu_architecture()}:{present}"


def _read_all(models_dir: Path) -> dict:
    try:
        data = json.loads((Path(models_dir) / CHOICES_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recorded(models_dir: Path, key: str | None = None) -> MachineChoice | None:
    """The choice recorded for this CPU (or the CPU ``key``), None when there is none or
    it cannot be read (then it is simply measured again)."""
    entry = _read_all(models_dir).get(key or cpu_key())
    try:
        return MachineChoice.from_dict(entry) if isinstance(entry, dict) else None
    except (TypeError, ValueError):
        return None


def record(models_dir: Path, choice: MachineChoice) -> None:
    """Store ``choice`` under its CPU key, keeping other CPUs' choices."""
    data = _read_all(models_dir)
    data[choice.cpu_key] = choice.to_dict()
    Path(models_dir).mkdir(parents=True, exist_ok=True)
    with atomic_write(Path(models_dir) / CHOICES_FILE) as handle:
        handle.write(json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
