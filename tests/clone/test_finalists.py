"""Which descent snapshots the fit scores on held-out sentences: the last one always, and
earlier ones to fall back on when Whisper mishears the later ones."""

from __future__ import annotations

import pytest

from litetts_cli.clone.descent import step_threads
from litetts_cli.clone.fit import FitOptions, reserve_for_checks, spread_snapshots, texts


@pytest.mark.parametrize(("steps", "count", "expected"), [
    ([4, 8, 12, 16, 20, 24, 28, 32], 4, [8, 16, 24, 32]),
    ([4, 8, 12, 16, 20, 22], 4, [8, 12, 16, 22]),
    ([4, 8, 9], 4, [4, 8, 9]),
    ([3], 4, [3]),
    ([], 4, []),
    ([4, 8, 12, 16], 1, [16]),
])
def test_snapshots_are_spread_back_from_the_last(steps, count, expected):
    snapshots = [(step, f"offset {step}") for step in steps]
    assert [step for step, _ in spread_snapshots(snapshots, count)] == expected


def test_fit_check_sentences_are_not_the_measured_ones():
    fit_sentences = set(texts()["held_out"]) | set(texts()["check"])
    assert len(texts()["check"]) >= 2
    assert not fit_sentences & set(texts()["intelligibility"])


@pytest.mark.parametrize(("cores", "load", "threads"), [
    (2, 0.3, 2), (2, 1.9, 2), (2, 2.0, 1), (2, 12.0, 1), (8, 4.0, 8), (1, 0.0, 1),
])
def test_descent_steps_use_one_thread_on_a_busy_machine(cores, load, threads):
    assert step_threads(cores, load) == threads


@pytest.mark.parametrize(("budget", "per_check", "reserve"), [
    (300, 2.0, 14.0),     # quiet machine: seven checks' worth
    (300, 40.0, 90.0),    # loaded machine: capped at 30 % of the budget
    (60, 2.0, 14.0),
    (30, 2.0, 9.0),
])
def test_checks_after_the_descent_never_take_most_of_the_budget(budget, per_check, reserve):
    assert reserve_for_checks(per_check, FitOptions(time_budget_s=budget)) == pytest.approx(reserve)
