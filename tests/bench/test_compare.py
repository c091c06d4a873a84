import json

import pytest

from litetts_cli.bench.compare import RegressionError, check, compare_reports, load_baseline, parse_threshold
from litetts_cli.errors import UsageError


@pytest.mark.parametrize(
    "text, expected",
    [("10%", 0.10), ("10", 0.10), ("0%", 0.0), ("2.5%", 0.025), (" 15 % ", 0.15), ("100%", 1.0)],
)
def test_threshold_parsing(text, expected):
    assert parse_threshold(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "ten", "-5%", "10%%", "1e3", "5000%"])
def test_bad_thresholds_are_refused(text):
    with pytest.raises(UsageError, match="max-regression"):
        parse_threshold(text)


def report(*rtfs, cpu="Xeon", ids=("m / v / 1x2", "m / v / 2x1")):
    return {
        "machine": {"cpu_model": cpu, "usable_cores": 2},
        "cases": [{"id": i, "real_time_factor": {"median": r}} for i, r in zip(ids, rtfs)],
    }


# (baseline RTFs, current RTFs, allowed, passes)
GATE = [
    ((0.50, 0.40), (0.50, 0.40), 0.10, True),   # equal
    ((0.50, 0.40), (0.45, 0.30), 0.10, True),   # faster
    ((0.50, 0.40), (0.55, 0.44), 0.10, True),   # exactly at the limit
    ((0.50, 0.40), (0.56, 0.40), 0.10, False),  # one slower than allowed
    ((0.50, 0.40), (0.50, 0.50), 0.10, False),  # the other one
    ((0.50, 0.40), (0.52, 0.41), 0.00, False),  # any slowdown with 0%
    ((0.50, 0.40), (0.74, 0.59), 0.50, True),   # generous threshold
]


@pytest.mark.parametrize("before, after, allowed, passes", GATE)
def test_regression_gate(before, after, allowed, passes):
    comparison = compare_reports(report(*after), report(*before), allowed)
    assert comparison["passed"] is passes
    if passes:
        check(comparison)
    else:
        with pytest.raises(RegressionError) as info:
            check(comparison)
        assert info.value.exit_code != 0


def test_regression_message_names_metric_and_both_values():
    comparison = compare_reports(report(0.66, 0.40), report(0.50, 0.40), 0.10)
    with pytest.raises(RegressionError) as info:
        check(comparison)
    message = str(info.value)
    assert "m / v / 1x2" in message and "real_time_factor" in message
    assert "0.5 -> 0.66" in message and "+32.0%" in message and "10.0%" in message
    assert "2x1" not in message


def test_a_regression_on_a_busy_machine_says_so():
    current = report(0.66, 0.40)
    current["cases"][0]["background_cpu_share"] = 0.4
    with pytest.raises(RegressionError, match="other processes took up to 40% of the CPU"):
        check(compare_reports(current, report(0.50, 0.40), 0.10))


def test_configurations_only_in_one_report_are_ignored_but_none_in_common_fails():
    comparison = compare_reports(report(0.9, ids=("m / v / 4x1",)), report(0.5, 0.4), 0.10)
    assert comparison["rows"] == []
    with pytest.raises(RegressionError, match="shares no configuration"):
        check(comparison)


def test_a_different_machine_is_flagged():
    assert compare_reports(report(0.5, 0.4, cpu="Other"), report(0.5, 0.4), 0.1)["machine_differs"]
    assert not compare_reports(report(0.5, 0.4), report(0.5, 0.4), 0.1)["machine_differs"]


def test_baseline_loading_errors(tmp_path):
    with pytest.raises(UsageError, match="no such baseline"):
        load_baseline(tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(UsageError, match="cannot read baseline"):
        load_baseline(tmp_path / "bad.json")
    (tmp_path / "other.json").write_text(json.dumps({"hello": 1}))
    with pytest.raises(UsageError, match="not a benchmark report"):
        load_baseline(tmp_path / "other.json")
    (tmp_path / "ok.json").write_text(json.dumps(report(0.5, 0.4)))
    assert load_baseline(tmp_path / "ok.json")["cases"][0]["id"] == "m / v / 1x2"
