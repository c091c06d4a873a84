"""Which descent snapshots the fit scores on held-out sentences: the last one always, and
earlier ones to fall back on when Whisper mishears the later ones."""

from __future__ import annotations

import pytest

from litetts_cli.clone.descent import keep_going, step_threads
from litetts_cli.clone.fit import FitOptions, reserve_for_checks, spread_snapshots, texts
from litetts_cli.clone.service import same_register
from litetts_cli.store.voices import voice_facts


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
    (300, 2.0, 18.0),     # quiet machine: nine checks' worth
    (300, 40.0, 90.0),    # loaded machine: capped at 30 % of the budget
    (60, 2.0, 18.0),
    (30, 2.0, 9.0),
])
def test_checks_after_the_descent_never_take_most_of_the_budget(budget, per_check, reserve):
    assert reserve_for_checks(per_check, FitOptions(time_budget_s=budget)) == pytest.approx(reserve)


@pytest.mark.parametrize(("steps", "now", "go"), [
    (0, 99.0, True),     # before the deadline: always
    (9, 99.0, True),
    (0, 101.0, True),    # past it: only until the minimum steps, within the overrun
    (3, 119.0, True),
    (4, 101.0, False),
    (0, 121.0, False),
])
def test_a_slow_machine_still_takes_the_minimum_descent_steps(steps, now, go):
    assert keep_going(steps, now, deadline=100.0, min_steps=4, overrun=20.0) == go


ENGLISH = {n: f["gender"] for n, f in voice_facts().items() if f.get("language") in ("en-us", "en-gb")}


@pytest.mark.parametrize(("f0", "gender"), [
    (234.0, "female"),   # LibriSpeech 367, a woman whose bright recording ranked a man's voice first
    (215.0, "female"),
    (198.0, None),       # in between: every voice (a man measured 170-198 Hz, a woman 183 Hz)
    (170.0, None),
    (130.0, "male"),
    (100.0, "male"),
    (0.0, None),         # no pitch found
])
def test_start_voices_follow_the_speakers_register(f0, gender):
    eligible = same_register(f0, dict.fromkeys(ENGLISH))
    assert eligible == (None if gender is None else {n for n, g in ENGLISH.items() if g == gender})


def test_too_few_voices_of_a_register_means_no_restriction():
    few = {n: None for n in [n for n, g in ENGLISH.items() if g == "female"][:5]}
    assert same_register(234.0, few) is None
