import pytest

from litetts_cli.g2p.sentences import split_paragraphs, split_sentences


@pytest.mark.parametrize(
    "paragraph, sentences",
    [
        ("One. Two.", ["One.", "Two."]),
        ("Is it? Yes! Fine.", ["Is it?", "Yes!", "Fine."]),
        ('"Who are you?" she asked.', ['"Who are you?" she asked.']),
        ('He said "Go." Then left.', ['He said "Go."', "Then left."]),
        ("Pi is 3.14 exactly.", ["Pi is 3.14 exactly."]),
        ("Wait… what?", ["Wait… what?"]),
        ("It ended… Then silence.", ["It ended…", "Then silence."]),
        ("e.g. lower case does not split.", ["e.g. lower case does not split."]),
        # A newline ends a sentence even without punctuation (PEERS item 8).
        ("Roses are red\nViolets are blue", ["Roses are red", "Violets are blue"]),
        # Hindi ends a sentence with the danda (issue 18: two sentences were read as one).
        ("लड़का बड़ा है। वह पढ़ता है॥ ठीक।", ["लड़का बड़ा है।", "वह पढ़ता है॥", "ठीक।"]),
        ("  padded  ", ["padded"]),
        ("", []),
    ],
)
def test_split_sentences(paragraph, sentences):
    assert split_sentences(paragraph) == sentences


@pytest.mark.parametrize(
    "text, paragraphs",
    [
        ("a\n\nb", ["a", "b"]),
        ("a\n  \n\n b", ["a", "b"]),
        ("a\nb", ["a\nb"]),
        ("\n\n", []),
    ],
)
def test_split_paragraphs(text, paragraphs):
    assert split_paragraphs(text) == paragraphs
