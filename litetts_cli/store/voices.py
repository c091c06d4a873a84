"""The 54 Kokoro v1.0 voices, installed from the npm package ``kokoro-js``.

Each voice is a float32 array of 510 x 256 (one style row per token count). Every file
is checked against the sha256 manifest kept in ``store/data/voices.json``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable

from litetts_cli.errors import IntegrityError, LitettsError, ModelNotFound
from litetts_cli.store.files import atomic_write, sha256_file

VOICE_SUFFIX = ".bin"


@lru_cache(maxsize=1)
def manifest() -> dict:
    text = resources.files("litetts_cli.store").joinpath("data/voices.json").read_text("utf-8")
    return json.loads(text)


def voice_facts() -> dict[str, dict]:
    """Name -> language, gender, grade, sha256 for every published voice."""
    return manifest()["voices"]


def missing_voices(voices_dir: Path) -> list[str]:
    return [n for n in voice_facts() if not (Path(voices_dir) / f"{n}{VOICE_SUFFIX}").is_file()]


def npm_pack(destination: Path) -> Path:
    """Fetch the kokoro-js tarball with npm (which knows where its registry is)."""
    source = manifest()["source"]
    spec = f"{source['npm_package']}@{source['version']}"
    npm = shutil.which("npm")
    if npm is None:
        raise ModelNotFound(
            "npm is needed to fetch the Kokoro voices and was not found",
            hint=f"install Node.js, or run `npm pack {spec}` elsewhere and "
            "`litetts models fetch voices --from kokoro-js-1.2.1.tgz`",
        )
    result = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(destination), "--silent"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    tarballs = sorted(Path(destination).glob("*.tgz"))
    if result.returncode != 0 or not tarballs:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise LitettsError(
            f"`npm pack {spec}` failed: {last}",
            hint="check that npm can reach its registry, or pass a tarball with --from",
        )
    return tarballs[0]


def install_voices(
    voices_dir: Path,
    tarball: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Install every voice missing from ``voices_dir``; returns the names installed."""
    voices_dir = Path(voices_dir)
    wanted = missing_voices(voices_dir)
    if not wanted:
        return []
    facts = voice_facts()
    prefix = manifest()["source"]["path_in_package"]
    with tempfile.TemporaryDirectory(prefix="litetts-voices-") as tmp:
        archive = Path(tarball) if tarball else npm_pack(Path(tmp))
        try:
            tar = tarfile.open(archive, "r:gz")
        except (OSError, tarfile.TarError) as exc:
            raise LitettsError(f"cannot read voice archive {archive}: {exc}") from None
        with tar:
            members = {m.name: m for m in tar.getmembers() if m.isfile()}
            for done, name in enumerate(wanted, start=1):
                member = members.get(f"{prefix}{name}{VOICE_SUFFIX}")
                if member is None:
                    raise IntegrityError(f"voice {name} is missing from {archive.name}")
                data = tar.extractfile(member).read()
                digest = hashlib.sha256(data).hexdigest()
                if digest != facts[name]["sha256"]:
                    raise IntegrityError(
                        f"voice {name} has sha256 {digest[:12]}…, expected {facts[name]['sha256'][:12]}…",
                        hint="the archive is not kokoro-js 1.2.1; fetch it again",
                    )
                with atomic_write(voices_dir / f"{name}{VOICE_SUFFIX}") as out:
                    out.write(data)
                if progress:
                    progress(done, len(wanted))
    return wanted


def verify_voices(voices_dir: Path) -> dict[str, bool]:
    """Name -> checksum matches, for every installed published voice."""
    result = {}
    for name, facts in voice_facts().items():
        path = Path(voices_dir) / f"{name}{VOICE_SUFFIX}"
        if path.is_file():
            result[name] = sha256_file(path) == facts["sha256"]
    return result
