"""Issue 11: `litetts book --list-chapters --json` on real EPUBs of many origins.

Every committed book of the corpus (``books/``, built by ``build_corpus.py``) is listed
as a user would list it, and checked against the book itself: the chapter count a
listener expects, titles that are whole and meaningful, the book's language, few tiny
chapters, and every word accounted for against an independent count
(:mod:`tests.corpus.independent`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.corpus.independent import read

HERE = Path(__file__).parent
BOOKS = [b for b in tomllib.loads((HERE / "books.toml").read_text(encoding="utf-8"))["book"] if b.get("commit")]
LITETTS = [sys.executable, "-m", "litetts_cli"]
FURNITURE = {"navigation", "contents", "table of contents", "previous", "next", "previous topic", "next topic",
             "this page", "quick search", "search", "home", "index", "related topics", "show source"}
BARE_NUMBER = re.compile(r"[\d\W_]*")


def list_chapters(path: Path, *args: str) -> tuple[dict, str]:
    result = subprocess.run(LITETTS + ["book", str(path), "--list-chapters", "--json", *args],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_the_corpus_is_at_hand():
    missing = [b["name"] for b in BOOKS if not (HERE / "books" / f"{b['name']}.epub").is_file()]
    assert not missing, f"run tests/corpus/build_corpus.py: missing {missing}"
    assert len(BOOKS) >= 15


@pytest.mark.parametrize("book", BOOKS, ids=[b["name"] for b in BOOKS])
def test_book_lists_as_a_listener_expects(book):
    path = HERE / "books" / f"{book['name']}.epub"
    listing, _ = list_chapters(path)
    chapters = listing["chapters"]
    titles = [c["title"] for c in chapters]

    assert len(chapters) == book["chapters"], titles
    assert listing["language"].split("-")[0].lower() == book["language"]
    for chapter in chapters:
        assert chapter["language"].split("-")[0] == book["language"], chapter["title"]
        assert chapter["voice"], chapter["title"]

    facts = read(path)
    for title in titles:
        assert title.strip(), "empty title"
        assert not BARE_NUMBER.fullmatch(title), f"digit-only title {title!r}"
        assert title.lower() not in FURNITURE, f"navigation furniture as a title: {title!r}"
        assert "Ã" not in title, f"mis-decoded title {title!r}"
    for full, before_inline in facts.labels:
        if before_inline and full != before_inline:
            cut = [t for t in titles if t == before_inline or t.endswith(f": {before_inline}")]
            assert not cut, f"title cut at an inline element: {cut} (label {full!r})"

    short = [c["title"] for c in chapters if c["words"] < 20]
    assert len(short) <= max(1, 0.05 * len(chapters)), short

    words = listing["words"]
    skipped = sum(words["skipped"].values())
    assert words["read"] == sum(c["words"] for c in chapters)
    accounted = (words["read"] + skipped) / facts.body_words
    ratio = words["read"] / (facts.body_words - skipped)
    assert 0.9 <= accounted <= 1.05, (words, facts.body_words)
    assert 0.9 <= ratio <= 1.05, (words, facts.body_words)


def test_nested_toc_gives_parts_split_into_chapters_with_their_titles():
    listing, _ = list_chapters(HERE / "books" / "crime-and-punishment.epub")
    titles = [c["title"] for c in listing["chapters"]]
    # Every chapter names its part: a bare "II" under each of six parts told the listener nothing.
    assert titles[:3] == ["Translator’s Preface", "Part I: I", "Part I: II"]
    assert "Part VI: I" in titles and titles[-2:] == ["Epilogue: I", "Epilogue: II"]


def test_a_plays_scenes_are_named_with_their_act():
    listing, _ = list_chapters(HERE / "books" / "hamlet.epub")
    titles = [c["title"] for c in listing["chapters"]]
    assert titles[1:4] == ["Act I: Scene I", "Act I: Scene II", "Act I: Scene III"]
    assert "Act II: Scene II" in titles and "Act III: Scene II" in titles and "Act IV: Scene VII" in titles
    assert len(set(titles)) == len(titles)


def test_toc_depth_reads_whole_parts():
    # The book's TOC nests the parts under its half-title "Crime and Punishment": level 2.
    listing, _ = list_chapters(HERE / "books" / "crime-and-punishment.epub", "--toc-depth", "2")
    titles = [c["title"] for c in listing["chapters"]]
    assert titles == ["Translator’s Preface", "Part I", "Part II", "Part III", "Part IV", "Part V", "Part VI",
                      "Epilogue"]
    assert [c["title"] for c in listing["chapters"][1]["children"]] == ["I", "II", "III", "IV", "V", "VI", "VII"]


def test_a_multi_language_build_reads_its_own_language_and_says_what_it_skipped():
    path = HERE / "books" / "art-of-command-line-sphinx.epub"
    listing, stderr = list_chapters(path)
    assert [c["title"] for c in listing["chapters"]] == ["The Art of Command Line"]
    assert len(listing["chapters"][0]["children"]) >= 10  # its sections are read inside it
    reasons = {s["reason"] for s in listing["skipped"]}
    assert {f"other language ({n})" for n in ("German", "Spanish", "French", "Russian", "Ukrainian")} <= reasons
    assert "--languages all" in " ".join(stderr.split())

    everything, _ = list_chapters(path, "--languages", "all")
    voices = {c["language"]: c["voice"] for c in everything["chapters"]}
    assert voices["es"] == "ef_dora" and voices["fr"] == "ff_siwis" and voices["en"] == "af_heart"
    assert voices["de"] is None  # Kokoro has no German voice


def test_a_language_without_a_voice_is_one_clear_error_before_synthesis(tmp_path):
    result = subprocess.run(
        LITETTS + ["book", str(HERE / "books" / "art-of-command-line-sphinx.epub"), "--languages", "all",
                   "-o", str(tmp_path / "out.m4b")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 2
    assert "Kokoro has no German voice" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.m4b").exists()


def test_a_french_book_gets_a_french_voice():
    listing, _ = list_chapters(HERE / "books" / "art-of-command-line-fr.epub")
    assert {(c["language"], c["voice"]) for c in listing["chapters"]} == {("fr", "ff_siwis")}


def test_notes_are_counted_and_can_be_read_at_the_end_of_their_chapter():
    path = HERE / "books" / "wasteland.epub"
    skipped, _ = list_chapters(path)
    assert skipped["words"]["skipped"]["notes"] > 500
    read_too, _ = list_chapters(path, "--notes", "end-of-chapter")
    assert read_too["words"]["read"] > skipped["words"]["read"] + 500


def test_the_books_own_pronunciations_change_what_is_spoken(installed_settings):
    """The IDPF sample's ssml:ph attributes (and PLS lexicon) reach the phonemizer, as
    `litetts book` plans the chapter (whole chunks, no streaming ramp)."""
    from litetts_cli.book.plan import plan_book
    from litetts_cli.engine.chunking import ChunkOptions
    from litetts_cli.ingest import Chapter, load_document
    from litetts_cli.speech import Speaker, load_voice, make_normalizer

    voice = load_voice(installed_settings)
    speaker = Speaker(None, voice, 1.0, chunking=ChunkOptions(first_chunk_tokens=None),
                      normalize=make_normalizer(installed_settings, voice))
    chapter = load_document(HERE / "books" / "georgia-pls-ssml.epub").chapters[0]
    paragraph = next(p for p in chapter.paragraphs if "(/ˈθɜrti dɪˈgriz/)" in p)
    phonemes = " ".join(c.phonemes for c in plan_book([(1, Chapter("Georgia", [paragraph]))], speaker)[0].chunks)
    assert "ˈθɜrti dɪˈgriz" in phonemes  # the book's own IPA, not espeak's "θˈɜːɾi dᵻɡɹˈiːz"
    plain = " ".join(c.phonemes for c in speaker.plan("between 30° 31′ 39″ and"))
    assert "ˈθɜrti dɪˈgriz" not in plain


def test_choosing_a_part_by_title_gives_all_of_its_chapters():
    from litetts_cli.ingest import load_document, select_chapters

    chapters = load_document(HERE / "books" / "crime-and-punishment.epub").chapters
    part_two = select_chapters(chapters, "Part II")
    assert [c.title for c in part_two] == [f"Part II: {n}" for n in ("I", "II", "III", "IV", "V", "VI", "VII")]
    assert sum(c.word_count for c in part_two) > 30000
