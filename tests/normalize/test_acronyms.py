import pytest

from litetts_cli.normalize.acronyms import is_shouted, pronounceable


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The FBI agent", "The F B I agent"),
        ("NASA launched", "Nasa launched"),
        ("HTML and CSS", "H T M L and C S S"),
        ("the USA", "the U S [A](/ˈeɪ/)"),
        ("the USA's role", "the U S [A's](/ˈeɪz/) role"),
        ("NATO allies", "Nato allies"),
        ("UNESCO sites", "Unesco sites"),
        ("the CEO's office", "the C E O's office"),
        ("three CDs", "three C D's"),
        ("ATMs", "[A](/ˈeɪ/) T M's"),
        ("I did NOT do it", "I did not do it"),
        ("He works in IT", "He works in I T"),
        ("the US economy", "the U S economy"),
        ("OK, fine", "okay, fine"),
        ("an IV drip", "an I V drip"),
        ("R&D budget", "R and D budget"),
        ("AT&T", "[A](/ˈeɪ/) T and T"),
        ("Q&A session", "Q and [A](/ˈeɪ/) session"),
        ("NYSE listing", "N Y S E listing"),
        ("HTTP request", "H T T P request"),
        ("the BBC reported", "the B B C reported"),
        ("He said HELLO loudly", "He said Hello loudly"),
        ("U.S. Army", "U S Army"),
        ("in the U.S.", "in the U S."),
        # The initials' period also ends the sentence before a word that opens one (Babbitt:
        # "the confounded G.C.L. I almost wish"); "U.S. Army" goes on.
        ("I'm sick of hearing about the confounded G.C.L. I almost wish I'd joined it",
         "I'm sick of hearing about the confounded G C L. I almost wish I'd joined it"),
        ('the U.S." She said', 'the U S." She said'),
        ("J.R.R. Tolkien", "J R R Tolkien"),
        ("Plan A is better", "Plan [A](/ˈeɪ/) is better"),
        ("vitamin A", "vitamin [A](/ˈeɪ/)"),
        ("grade A beef", "grade [A](/ˈeɪ/) beef"),
        ("A man walked in", "A man walked in"),
        ("WWII", "World War two"),
        ("MI6", "M I six"),
        ("a PhD", "a P H D"),
        ("JPEG images", "jay peg images"),
        ("IEEE standards", "I triple E standards"),
        ("Washington DC", "Washington D C"),
        ("XYZ Corp", "X Y Z Corporation"),
        ("SCUBA diving", "scuba diving"),
        ("THE END", "The End"),
        ("CHAPTER ONE: THE BEGINNING", "Chapter One: The Beginning"),
        ("WARNING: DO NOT ENTER", "Warning: Do Not Enter"),
        ("BREAKING NEWS: FBI RAIDS OFFICE", "Breaking News: F B I Raids Office"),
        ("THE NEW YORK TIMES", "The New York Times"),
        ("I LOVE THE USA", "I Love The U S [A](/ˈeɪ/)"),
        # A possessive or contraction after a shouted word keeps its lower-case ending
        # (a chapter heading "THE FEAST'S BEGINNING" in a real book read this session).
        # GNU is "guh-noo", which espeak-ng says for "Gnu" (a real book read this session and
        # the Wikipedia page in tests/ingest/documents/web-real; it was "g new slash Linux").
        ("GNU/Linux is free.", "Gnu slash Linux is free."),
        ("GNU's Not Unix", "Gnu's Not Unix"),
        ("THE FEAST'S BEGINNING", "The Feast's Beginning"),
        ("THE FEAST’S BEGINNING", "The Feast's Beginning"),
        ("DON'T STOP NOW", "Don't Stop Now"),
        ("WE'LL MEET AGAIN", "We'll Meet Again"),
        ("THE CEO'S OFFICE", "The C E O's Office"),
        ("THE USA’S ROLE", "The U S [A's](/ˈeɪz/) Role"),
        # A name with O' or D' in a shouted line is cased as a name; outside one it is left
        ("O'BRIEN'S HOUSE IS ON FIRE!", "O'Brien's House Is On Fire!"),
        ('"GET OUT OF O’BRIEN’S BAR!" he shouted.', '"Get Out Of O\'Brien\'s Bar!" he shouted.'),
        ("D'ARTAGNAN'S HORSE IS HERE", "D'Artagnan's Horse Is Here"),
        ("He saw O'BRIEN'S car.", "He saw O'BRIEN'S car."),
    ],
)
def test_acronyms(normalize, text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "text, phonemes",
    [
        # A shouted line with a title and an O' name: "MRS." at a sentence's start was
        # spelled "M R S." and "MR." broke the sentence before the name
        ("I HATE O'CONNOR'S DOG. MRS. O'BRIEN'S DOG!", "aɪ hˈeɪt oʊkˈɑːnɚz dˈɑːɡ. mˈɪsəs oʊbɹˈaɪənz dˈɑːɡ!"),
        ("I SAW MR. SMITH!", "aɪ sˈɔː mˈɪstɚ smˈɪθ!"),
    ],
)
def test_shouted_names_are_read_as_names(normalize, text, phonemes):
    from litetts_cli.g2p.languages import g2p_for

    assert g2p_for("en-us").phonemize(normalize(text)) == phonemes


@pytest.mark.parametrize(
    "word, expected",
    [("NASA", True), ("HELLO", True), ("NSFW", False), ("HTTP", False), ("BBC", False), ("STRONG", True)],
)
def test_pronounceable(word, expected):
    assert pronounceable(word) is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [("THE END", True), ("The FBI and the CIA", False), ("WARNING: do not enter", False), ("STOP NOW!", True)],
)
def test_shouted(sentence, expected):
    assert is_shouted(sentence) is expected
