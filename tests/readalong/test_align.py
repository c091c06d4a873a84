"""Written sentences take the time of the spoken sentences their words match."""

from __future__ import annotations

import pytest

from litetts_cli.readalong.align import Clip, Spoken, Written, align, contiguous
from litetts_cli.readalong.smil import clock


def written(*texts: str) -> list[Written]:
    return [Written("p.xhtml", f"s{i}", t) for i, t in enumerate(texts, start=1)]


def test_one_to_one_sentences_keep_their_cue_times_though_numbers_were_spelled_out():
    spoken = [Spoken(1, 0.2, 1.5, "It cost five dollars."), Spoken(1, 1.9, 3.0, "He paid it on the twentieth of March, eighteen eighty-eight.")]
    clips = align(written("It cost $5.", "He paid it on the 20th of March, 1888."), spoken)
    assert clips == [Clip("p.xhtml", "s1", 1, 0.2, 1.5), Clip("p.xhtml", "s2", 1, 1.9, 3.0)]


def test_sentences_not_read_get_no_clip_and_chapters_keep_their_own_files():
    spoken = [Spoken(1, 0.0, 1.0, "Chapter one."), Spoken(1, 1.2, 2.0, "The sea was calm."), Spoken(2, 0.1, 0.9, "Night fell.")]
    clips = align(written("Copyright notice here.", "Chapter One", "The sea was calm.", "Night fell."), spoken)
    assert [(c.id, c.chapter, c.begin) for c in clips] == [("s2", 1, 0.0), ("s3", 1, 1.2), ("s4", 2, 0.1)]


def test_written_sentences_sharing_one_cue_share_its_time_by_words():
    # The page cut a sentence where the spoken text did not (two words, then six).
    clips = align(written("Wait here.", "Holmes came in at long last."), [Spoken(1, 1.0, 5.0, "Wait here Holmes came in at long last.")])
    assert [(c.id, round(c.begin, 3), round(c.end, 3)) for c in clips] == [("s1", 1.0, 2.0), ("s2", 2.0, 5.0)]


def test_clips_run_on_through_the_pause_to_the_next_sentence_in_the_same_file():
    clips = [Clip("p", "a", 1, 0.1, 1.0), Clip("p", "b", 1, 1.4, 2.0), Clip("p", "c", 2, 0.2, 0.9)]
    assert [(c.begin, c.end) for c in contiguous(clips)] == [(0.1, 1.4), (1.4, 2.0), (0.2, 0.9)]


@pytest.mark.parametrize("seconds, text", [(0, "0:00:00.000"), (1.2344, "0:00:01.234"), (61.5, "0:01:01.500"),
                                           (3725.0006, "1:02:05.001"), (-0.01, "0:00:00.000")])
def test_clock_values(seconds, text):
    assert clock(seconds) == text
