"""Quote detection for dialogue voices: who speaks each span (normalize/dialogue.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from litetts_cli.normalize.dialogue import Cast, find_speech, speaker_key, voiced_runs

PRIDE = Path(__file__).parent / "data" / "pride_and_prejudice_57.txt"


def spans(text: str) -> list[tuple[bool, str | None, str]]:
    return [(s.quoted, s.speaker, s.text) for s in find_speech(text.split("\n\n"))]


@pytest.mark.parametrize("text, expected", [
    # Curly and straight double quotes, attribution after the speech.
    ("“Hello,” said Alice.", [(True, "Alice", "Hello,"), (False, None, "said Alice.")]),
    ('"Hello," said Alice.', [(True, "Alice", "Hello,"), (False, None, "said Alice.")]),
    ("«Bonjour», dit-il.", [(True, None, "Bonjour"), (False, None, "dit-il.")]),
    # German low-high quotes and reversed guillemets; Swedish »…»; German single ‚…‘ nested.
    ("„Guten Tag“, sagte Anna.", [(True, "Anna", "Guten Tag"), (False, None, "sagte Anna.")]),
    ("»Komm her«, rief er.", [(True, None, "Komm her"), (False, None, "rief er.")]),
    ("Er sagte: „Ja.“", [(False, None, "Er sagte:"), (True, None, "Ja.")]),
    ("Anna fragte: „Wo bist du?“", [(False, None, "Anna fragte:"), (True, "Anna", "Wo bist du?")]),
    ("‚Nein‘, sagte sie.", [(True, None, "Nein"), (False, None, "sagte sie.")]),
    ("„Er sagte ‚nie‘ zu mir“, sagte Ann.", [(True, "Ann", "Er sagte ‚nie‘ zu mir"), (False, None, "sagte Ann.")]),
    ("„Es war einmal.\n\n„Und dann“, sagte Tom.",
     [(True, "Tom", "Es war einmal."), (True, "Tom", "Und dann"), (False, None, "sagte Tom.")]),
    ("»Hej», sa han.", [(True, None, "Hej"), (False, None, "sa han.")]),
    # Verb before the name, then the speech.
    ("Dann sagte Anna: „Ja.“", [(False, None, "Dann sagte Anna:"), (True, "Anna", "Ja.")]),
    ("Then said Tom, “Come here.”", [(False, None, "Then said Tom,"), (True, "Tom", "Come here.")]),
    # Name before the verb, and the verb before a titled name.
    ("“Go,” Bob said.", [(True, "Bob", "Go,"), (False, None, "Bob said.")]),
    ("“Sit,” asked Mr. Darcy.", [(True, "Mr. Darcy", "Sit,"), (False, None, "asked Mr. Darcy.")]),
    ("“Well,” replied Lady Catherine de Bourgh.",
     [(True, "Lady Catherine de Bourgh", "Well,"), (False, None, "replied Lady Catherine de Bourgh.")]),
    # An attribution between two halves names both.
    ("“Yes,” said Jane, “and no.”", [(True, "Jane", "Yes,"), (False, None, "said Jane,"), (True, "Jane", "and no.")]),
    # Attribution before the speech.
    ("Alice said, “Come here.”", [(False, None, "Alice said,"), (True, "Alice", "Come here.")]),
    ("Then Tom whispered: “Quiet.”", [(False, None, "Then Tom whispered:"), (True, "Tom", "Quiet.")]),
    # Pronouns and descriptions name no one.
    ("“Yes,” said he.", [(True, None, "Yes,"), (False, None, "said he.")]),
    ("“No,” she said.", [(True, None, "No,"), (False, None, "she said.")]),
    ("“Stop,” cried his wife.", [(True, None, "Stop,"), (False, None, "cried his wife.")]),
    # Not adjacent: a name later in the narration is no attribution.
    ("“Stop.” The door opened and Alice said nothing.",
     [(True, None, "Stop."), (False, None, "The door opened and Alice said nothing.")]),
    # Nested quotes stay in the speech that holds them.
    ("“He told me ‘never’ twice,” said Ann.",
     [(True, "Ann", "He told me ‘never’ twice,"), (False, None, "said Ann.")]),
    ('"She said \'no\' to me."', [(True, None, "She said 'no' to me.")]),
    # Apostrophes are never quotes.
    ("I don’t know; it was the ’90s at four o’clock, the students’ books.",
     [(False, None, "I don’t know; it was the ’90s at four o’clock, the students’ books.")]),
    ("Rock ’n’ roll, ma’am.", [(False, None, "Rock ’n’ roll, ma’am.")]),
    ("The boys’ and the girls’ rooms.", [(False, None, "The boys’ and the girls’ rooms.")]),
    ("“Rock ’n’ roll,” asked Mr. Darcy, “isn’t it?”",
     [(True, "Mr. Darcy", "Rock ’n’ roll,"), (False, None, "asked Mr. Darcy,"), (True, "Mr. Darcy", "isn’t it?")]),
    # British single quotes at the top level; a plural possessive inside narration.
    ("‘Yes,’ said the students’ teacher, ‘we’re late.’",
     [(True, None, "Yes,"), (False, None, "said the students’ teacher,"), (True, None, "we’re late.")]),
    ("‘I like it’ said Anne.", [(True, "Anne", "I like it"), (False, None, "said Anne.")]),
    # A quote over two paragraphs: the first does not close, the second reopens.
    ("“It began long ago.\n\n“And it went on,” said Tom.",
     [(True, "Tom", "It began long ago."), (True, "Tom", "And it went on,"), (False, None, "said Tom.")]),
    ('"It began long ago.\n\n"And it went on," said Tom.',
     [(True, "Tom", "It began long ago."), (True, "Tom", "And it went on,"), (False, None, "said Tom.")]),
    # An unclosed quote followed by narration ends with its paragraph.
    ("“It began long ago.\n\nThe room was quiet.", [(True, None, "It began long ago."), (False, None, "The room was quiet.")]),
    # Em-dash dialogue, with incises between dashes.
    ("—Hola —dijo Juan—. ¿Qué tal?", [(True, None, "Hola"), (False, None, "dijo Juan"), (True, None, "¿Qué tal?")]),
    ("— Bonjour, dit-il.", [(True, None, "Bonjour, dit-il.")]),
    ("He stopped—and then went on.", [(False, None, "He stopped—and then went on.")]),
    # A short quote inside a sentence, without punctuation of its own, is a mention.
    ("He called it a “bargain” and left.", [(False, None, "He called it a bargain and left.")]),
    ("They sang ‘Home Sweet Home’ twice.", [(False, None, "They sang Home Sweet Home twice.")]),
    ("She said “Hi!” and left.", [(False, None, "She said"), (True, None, "Hi!"), (False, None, "and left.")]),
    ("“Yes” said he.", [(True, None, "Yes"), (False, None, "said he.")]),
    # Punctuation alone between quotes is not a span.
    ("“Oh!” “Ah!”", [(True, None, "Oh!"), (True, None, "Ah!")]),
])
def test_spans(text, expected):
    assert spans(text) == expected


# Every span of the Pride and Prejudice excerpt (chapter 57) with the voice it gets when
# unattributed speech is "D" and Elizabeth has her own voice "E"; None is the narrator.
PRIDE_VOICES = [
    (0, "If, therefore, an excuse for", "D"),
    (0, "she added,", None),
    (0, "I shall know how to understa", "D"),
    (1, "The surprise of the rest of ", None),
    (2, "The next morning, as she was", None),
    (3, "Lizzy,", "D"),
    (3, "said he,", None),
    (3, "I was going to look for you;", "D"),
    (4, "She followed him thither; an", None),
    (5, "She followed her father to t", None),
    (6, "I have received a letter thi", "D"),
    (7, "The colour now rushed into E", None),
    (8, "You look conscious. Young la", "D"),
    (9, "From Mr.\xa0Collins! and what c", "D"),
    # One speech over five paragraphs, with the letter quoted in ‘…’ inside it.
    (10, "Something very much to the p", "D"),
    (11, "Can you possibly guess, Lizz", "D"),
    (12, "Have you any idea, Lizzy, wh", "D"),
    (13, "‘My motive for cautioning yo", "D"),
    (14, "Mr.\xa0Darcy, you see, is the m", "D"),
    (15, "Elizabeth tried to join in h", None),
    (16, "Are you not diverted?", "D"),
    (17, "Oh! yes. Pray read on.", "D"),
    (18, "‘After mentioning the likeli", "D"),
    (19, "Oh!", "E"),
    (19, "cried Elizabeth,", None),
    (19, "I am excessively diverted. B", "E"),
    (20, "Yes\u2060—that is what makes it a", "D"),
]


def test_pride_and_prejudice_voices():
    paragraphs = PRIDE.read_text("utf-8").split("\n\n")
    cast = Cast(dialogue="D", speakers={"elizabeth": "E"})
    found = find_speech(paragraphs)
    assert [(s.paragraph, s.text[:28], cast.voice_of(s)) for s in found] == PRIDE_VOICES
    # The letter's nested quotes and the apostrophes stay inside their spans.
    by_paragraph = {s.paragraph: s for s in found}
    assert "‘Having thus offered you" in by_paragraph[10].text
    assert by_paragraph[10].text.endswith("in this land.’")
    assert "Lydia’s sad business" in by_paragraph[18].text
    assert by_paragraph[18].text.endswith("laugh at them in our turn?")
    # The five paragraphs are one speech; the next paragraph starts another.
    assert len({by_paragraph[p].speech for p in range(10, 15)}) == 1
    assert by_paragraph[16].speech != by_paragraph[14].speech
    # No narration span holds a double quote mark: every one was matched.
    assert not any(("“" in s.text or "”" in s.text) for s in found if not s.quoted)


def test_voiced_runs_merge_neighbours_and_keep_paragraphs():
    runs = voiced_runs(["“Hi,” said Ann. “Bye.”", "Nothing said."], Cast(dialogue="am_adam"))
    assert runs == [[("am_adam", "Hi,"), (None, "said Ann."), ("am_adam", "Bye.")], [(None, "Nothing said.")]]
    # Without a dialogue voice, unattributed speech stays with the narrator (runs merge).
    assert voiced_runs(["“Hi,” said he."], Cast(speakers={"Ann": "af_bella"})) == [[(None, "Hi, said he.")]]


@pytest.mark.parametrize("name, key", [
    ("Mr. Bennet", "mr bennet"), ("mr  bennet", "mr bennet"), ("MR.BENNET", "mr bennet"), ("O’Brien", "o'brien"),
])
def test_speaker_key(name, key):
    assert speaker_key(name) == key
