"""What the two intelligibility reports share: the run's stamp, table cells, the footer
and writing ``<out>.json`` + ``<out>.md`` (benchmarks/intelligibility.py and
benchmarks/intelligibility_languages.py)."""

from __future__ import annotations

import json
import platform
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from litetts_cli import __version__


def stamp() -> dict:
    """When, with which litetts and on what machine a report was made."""
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "litetts_version": __version__,
        "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
    }


def cell(text: str) -> str:
    """Text for one cell of a Markdown table."""
    return text.replace("|", "\\|")


def footer(report: dict, script: str, extra: str = "") -> list[str]:
    """The report's last lines: when and how it was generated."""
    return [
        f"Generated {report['created']} by `benchmarks/{script}` "
        f"(litetts {report['litetts_version']}, {report['machine']}{extra}).",
        "",
    ]


def write(out: Path, report: dict, markdown: Callable[[dict], str]) -> None:
    """Write ``<out>.json`` (every row) and ``<out>.md`` (the summary)."""
    out.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    out.with_suffix(".md").write_text(markdown(report), "utf-8")
    print(f"wrote {out.with_suffix('.md')} and {out.with_suffix('.json')}")
