"""Inline text in another language is read with that language's phonemes (Standard Ebooks'
``<i xml:lang="la">``), and a whole chapter in another language keeps its own language."""

from __future__ import annotations

import pytest

from litetts_cli.ingest import load_document
from tests.ingest.ingest_books import handmade_epub

PROSE = "It was late in the evening when the travellers came down from the hills to the river. " * 3


@pytest.mark.parametrize("inline, read", [
    # Standard Ebooks marks Latin and French phrases in English books with xml:lang.
    ('He muttered <i xml:lang="la">carpe diem</i> and left.',
     "He muttered [carpe](/kˈarpɛ/) [diem](/dˈɪɛm/) and left."),
    ('A certain <i xml:lang="fr">je ne sais quoi</i>, as they say.',
     "A certain [je](/ʒə/) [ne](/nə/) [sais](/sˈɛ/) [quoi](/kwˈa/), as they say."),
    ('His <span lang="de">Weltanschauung</span> was odd.', "His [Weltanschauung](/vˈɛltanʃˌaʊʊŋ/) was odd."),
    # The same language in another region is no foreign text.
    ('The <i xml:lang="en-US">color</i> of it.', "The color of it."),
    # No espeak-ng reading (Japanese has its own frontend): left as written, not dropped.
    ('The word <span xml:lang="ja">侘寂</span> again.', "The word 侘寂 again."),
    # A note marker inside the span is still skipped; the words around it are still marked.
    ('Said <i xml:lang="la">ars <a href="#n1" epub:type="noteref">1</a>longa</i>.',
     "Said [ars](/ˈars/) [longa](/lˈɔŋɡa/)."),
])
def test_inline_foreign_text_gets_its_languages_phonemes(tmp_path, inline, read):
    doc = load_document(handmade_epub(tmp_path / "b.epub", chapter=f"<p>{inline}</p><p>{PROSE}</p>"))
    assert doc.chapters[0].paragraphs[0] == read
    assert doc.chapters[0].language == "en"


@pytest.mark.parametrize("opening", [
    '<p><i xml:lang="la">Carpe diem</i>, he said, and left the room.</p>',
    '<blockquote><p><i xml:lang="la">Carpe diem.</i></p></blockquote>',
])
def test_a_foreign_phrase_that_opens_a_chapter_is_foreign_too(tmp_path, opening):
    """Once a chapter's first words were in the phrase's language, the chapter took it:
    the phrase was not marked, nor any later one, and a short chapter was read in Latin."""
    later = 'At last <i xml:lang="la">ars longa</i>, they agreed.'
    chapter = load_document(handmade_epub(tmp_path / "b.epub", chapter=f"{opening}<p>{PROSE}{later}</p>")).chapters[0]
    assert chapter.language == "en"
    assert chapter.paragraphs[0].startswith("[Carpe](/") and "[diem](/" in chapter.paragraphs[0]
    assert chapter.paragraphs[1].endswith("At last [ars](/ˈars/) [longa](/lˈɔŋɡa/), they agreed.")


def test_a_chapter_in_another_language_keeps_it_and_its_plain_text(tmp_path):
    french = ("Il était une fois une petite fille qui vivait dans la forêt avec sa mère et son père. "
              "Elle aimait les fleurs et les oiseaux, et tous les jours elle allait dans les bois. ") * 4
    path = handmade_epub(tmp_path / "b.epub", chapter=f'<div xml:lang="fr"><p>{french.strip()}</p></div>')
    chapter = load_document(path).chapters[0]
    assert (chapter.language, chapter.paragraphs) == ("fr", [french.strip()])


def test_a_heading_in_another_language_titles_its_chapter_in_plain_words(tmp_path):
    path = handmade_epub(tmp_path / "b.epub", chapter=f'<h2>The <i xml:lang="la">Fabella</i></h2><p>{PROSE}</p>')
    chapter = load_document(path).chapters[0]
    assert chapter.title == "The Fabella"
    assert chapter.paragraphs[0] == "The [Fabella](/fabˈɛlla/)"  # read in Latin all the same
