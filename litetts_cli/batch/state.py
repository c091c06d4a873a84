"""What a batch has finished, so a rerun skips books that are done and unchanged.

One JSON file in the output folder maps a book's fingerprint (its bytes and every
option that changes its audio) to the files it produced and their sizes. A book is
skipped when its fingerprint is there and those files still exist at those sizes;
anything else (a changed source, voice or format; a deleted or damaged output) makes
it convert again, reusing whatever chunks the cache still has.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

STATE_FILE = ".litetts-batch.json"
_VERSION = 1


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def options_digest(options: dict[str, Any]) -> str:
    """One hash of everything that shapes a book's output besides its source."""
    def plain(value: Any) -> Any:
        if is_dataclass(value):
            return asdict(value)
        return str(value) if isinstance(value, Path) else value

    material = json.dumps({k: plain(v) for k, v in options.items()}, sort_keys=True, default=str)
    return hashlib.sha256(material.encode()).hexdigest()


class BatchState:
    """The finished books of one output folder."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.path = outdir / STATE_FILE
        self.books: dict[str, dict] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == _VERSION and isinstance(data.get("books"), dict):
                self.books = data["books"]
        except (OSError, ValueError, AttributeError):
            pass  # no state (or a damaged one): every book converts, the cache still helps

    def done(self, fingerprint: str) -> dict | None:
        """A finished book with this fingerprint (``outputs`` as paths, ``title``,
        ``author``), if its files are all intact."""
        entry = self.books.get(fingerprint)
        if not entry:
            return None
        outputs = [self.outdir / rel for rel in entry.get("outputs", [])]
        sizes = entry.get("sizes", [])
        if not outputs or len(sizes) != len(outputs):
            return None
        for path, size in zip(outputs, sizes):
            if not path.is_file() or path.stat().st_size != size:
                return None
        return {**entry, "outputs": outputs}

    def record(self, fingerprint: str, source: Path, outputs: list[Path], title: str = "", author: str = "") -> None:
        """Note a finished book (replacing older entries of the same source) and save."""
        source_key = str(source.resolve())
        self.books = {k: v for k, v in self.books.items() if v.get("source") != source_key}
        self.books[fingerprint] = {
            "source": source_key,
            "outputs": [str(p.relative_to(self.outdir)) for p in outputs],
            "sizes": [p.stat().st_size for p in outputs],
            "title": title,
            "author": author,
        }
        self._save()

    def _save(self) -> None:
        self.outdir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.outdir, prefix=".litetts-batch.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"version": _VERSION, "books": self.books}, handle, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
