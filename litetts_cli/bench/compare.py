"""The regression gate: compare a run with a baseline report, for CI.

Configurations are matched by id (model / voice / layout). A configuration whose
median real-time factor grew by more than the allowed fraction is a regression; lower
is better, so a faster run or an equal one passes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from litetts_cli.errors import RegressionError, UsageError

_THRESHOLD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$")
METRIC = "real_time_factor"
NOISY = 0.10
"""Share of the CPU taken by other processes above which a regression may be the machine's."""



def parse_threshold(text: str) -> float:
    """``"10%"`` or ``"10"`` -> 0.10 (a plain number is a percentage too)."""
    match = _THRESHOLD.match(str(text))
    if not match:
        raise UsageError(f"--max-regression {text!r} is not a percentage", hint="write it like 10%")
    value = float(match.group(1))
    if value >= 1000:
        raise UsageError(f"--max-regression {text!r} is too large to gate anything", hint="write it like 10%")
    return value / 100.0


def load_baseline(path: Path) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no such baseline: {path}", hint="point --compare at a report.json from an earlier run") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read baseline {path}: {exc}", hint="give a report.json written by `litetts benchmark`") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise UsageError(f"{path} is not a benchmark report", hint="give a report.json written by `litetts benchmark`")
    return data


def compare_reports(current: dict, baseline: dict, max_regression: float) -> dict:
    """Row per configuration both reports measured: baseline and current RTF, change, verdict."""
    before = {case["id"]: case for case in baseline.get("cases", [])}
    rows = []
    for case in current["cases"]:
        old = before.get(case["id"])
        if old is None:
            continue
        was, now = old[METRIC]["median"], case[METRIC]["median"]
        change = (now - was) / was if was else 0.0
        rows.append({
            "id": case["id"], "metric": METRIC, "baseline": was, "current": now,
            "change": round(change, 4), "regressed": change > max_regression + 1e-12,
        })
    old_machine, new_machine = baseline.get("machine", {}), current.get("machine", {})
    busy = [c.get("background_cpu_share") or 0.0 for c in current["cases"]]
    return {
        "max_regression": max_regression,
        "rows": rows,
        "background_cpu_share": max(busy, default=0.0),
        "machine_differs": any(old_machine.get(k) != new_machine.get(k) for k in ("cpu_model", "usable_cores")),
        "passed": bool(rows) and not any(r["regressed"] for r in rows),
    }


def check(comparison: dict) -> None:
    """Raise :class:`RegressionError` naming the metric and both values of each regression."""
    limit = comparison["max_regression"]
    if not comparison["rows"]:
        raise RegressionError(
            "the baseline shares no configuration with this run, so nothing was compared",
            hint="run the same recipe as the baseline, or write a new baseline",
        )
    failed = [r for r in comparison["rows"] if r["regressed"]]
    if failed:
        parts = [
            f"{r['id']}: {r['metric']} {r['baseline']:.4g} -> {r['current']:.4g} (+{r['change']:.1%})"
            for r in failed
        ]
        busy = comparison.get("background_cpu_share") or 0.0
        hint = (f"other processes took up to {busy:.0%} of the CPU during this run: re-run on a quiet machine"
                if busy > NOISY else "find what slowed synthesis down, or raise --max-regression if this machine is noisy")
        raise RegressionError(
            f"{len(failed)} configuration(s) slower than the allowed {limit:.1%}: " + "; ".join(parts), hint=hint
        )
