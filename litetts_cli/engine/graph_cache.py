"""Saved optimized graphs, so a session load is not repeated work (issue 12).

ONNX Runtime rewrites the model graph at every session start (constant folding, fusions,
layout changes); for the int8-gemm Kokoro model that is most of the load time. The result
is saved once beside the model and later loads skip the rewriting. An optimized graph at
the ``all`` level may hold kernels chosen for this CPU, so it is only valid for the model
file, the ONNX Runtime version, the CPU features and the level it was made with: all four
are in its name, and a graph made under other conditions is simply not found.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

GRAPH_SUFFIX = ".optimized.onnx"


@dataclass(frozen=True)
class GraphCache:
    """Where the saved optimized graphs of one model live."""

    folder: Path
    """A folder of the store beside the model (``models/<name>/optimized``)."""
    model_sha256: str
    """The model file's checksum: a changed file never loads a stale graph."""

    def path_for(self, level: str, ort_version: str, features: dict[str, bool]) -> Path:
        """The saved graph for this model at ``level`` on this runtime and CPU: named
        ``<cpu>-<key>``, so graphs of different kinds of CPU sharing a store are told apart."""
        key = graph_key(self.model_sha256, level, ort_version, features)
        return Path(self.folder) / f"{cpu_tag(features)}-{key}{GRAPH_SUFFIX}"

    def writing(self, final: Path) -> Path:
        """A fresh temporary name in the cache folder for ORT to write ``final`` to."""
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".graph.", suffix=".tmp.onnx", dir=final.parent)
        os.close(fd)
        return Path(tmp)

    def commit(self, tmp: Path, final: Path) -> None:
        """Publish a written graph and drop the ones this kind of CPU made for an older
        runtime or model (and any named before graphs carried their CPU). Another kind of
        CPU's graph is kept: a store shared by two machines, or run under the ISA mask of
        ``benchmarks/isa`` and without it, no longer rebuilds its graph at every switch.

        Two processes starting at once each write their own temporary file; the rename is
        atomic, so a reader sees one whole graph or none."""
        if not tmp.is_file() or tmp.stat().st_size == 0:
            tmp.unlink(missing_ok=True)
            return
        umask = os.umask(0)  # mkstemp made it owner-only; give it the usual permissions
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, final)
        tag = final.name.split("-", 1)[0]
        for other in final.parent.glob(f"*{GRAPH_SUFFIX}"):
            if other != final and (other.name.startswith(f"{tag}-") or "-" not in other.name):
                other.unlink(missing_ok=True)


def graph_key(model_sha256: str, level: str, ort_version: str, features: dict[str, bool]) -> str:
    """A short name that changes with any of the four things the graph depends on."""
    facts = {"model": model_sha256, "level": level, "onnxruntime": ort_version,
             "cpu": sorted(name for name, present in features.items() if present)}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode("utf-8")).hexdigest()[:20]


def cpu_tag(features: dict[str, bool]) -> str:
    """A short name for a set of CPU features (the first part of a saved graph's name)."""
    present = ",".join(sorted(name for name, on in features.items() if on))
    return hashlib.sha256(present.encode("utf-8")).hexdigest()[:8]
