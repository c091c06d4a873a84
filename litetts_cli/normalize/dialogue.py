"""Who speaks a passage: quoted speech vs narration, and the speaker a quote names.

The book pipeline reads dialogue in a second voice (``--dialogue-voice``) and attributed
speakers in their own (``--voices-file``). This module only finds the spans; the voices
are chosen by :class:`Cast`. It runs on the text as written (before normalization), one
chapter's paragraphs at a time, because a quotation may run over several paragraphs.

What counts as speech, in the order English and continental typesetting use it:

- double quotes, curly (“…”), straight ("…"), German („…“) or guillemets («…», »…«); anything inside them,
  single quotes included (‘…’ nested), is the same speech;
- single curly quotes (‘…’) at the top level, British style. An opening ‘ must start a
  word; its closer is the ’ that ends a word before punctuation or a space, preferring one
  right after punctuation ("‘Yes,’ said the students’ teacher"), so apostrophes (don't,
  the ’90s, o’clock, students’) are never taken for quotes;
- a quotation running over paragraphs: a paragraph that ends inside a quote, followed by
  one that opens with the same mark, continues the same speech (one speaker for all);
- not a short quote inside a sentence without punctuation of its own (He called it a
  “bargain” and left): a word mentioned or a title, read by the narrator;
- em-dash dialogue (French, Spanish): a paragraph opening with — is speech, except an
  incise between dashes ("—Hola —dijo Juan—. ¿Qué tal?").

Attribution is taken only where it is explicit and adjacent: "…,” said Alice", "…,”
Alice said", "Alice said, “…”", "said Tom, “…”" (a pronoun, "said he", or "said her husband" names no one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from litetts_cli.normalize.base import alternation, load_json

_SPACES = " \t\n\u00a0\u2060\u200a\u200b"
"""Whitespace, the word joiner (U+2060, glued to em-dashes by careful typesetters) and
the hair and zero-width spaces included."""


@dataclass(frozen=True)
class Span:
    """A piece of one paragraph: narration or part of a speech."""

    paragraph: int
    text: str
    """The words, without the quote marks that delimit the speech."""
    quoted: bool
    speech: int | None = None
    """Which speech (numbered from 0 in the chapter) a quoted span belongs to; a
    quotation over several paragraphs has one number."""
    speaker: str | None = None
    """The name attributed to the speech, when the text says it."""


@dataclass(frozen=True)
class _Marks:
    double: dict[str, str]
    single: dict[str, str]
    dashes: str
    verbs: str
    pronouns: frozenset[str]
    not_names: frozenset[str]
    """Words that open a sentence before a name ("Then Tom said")."""
    titles: str
    mention_words: int


@lru_cache(maxsize=1)
def _marks() -> _Marks:
    data = load_json("dialogue.json")
    return _Marks(
        double=dict(data["double_pairs"]), single=dict(data["single_pairs"]), dashes="".join(data["dashes"]),
        verbs=alternation(data["speech_verbs"]), pronouns=frozenset(data["pronouns"]),
        not_names=frozenset(data["not_names"]),
        titles=alternation(data["name_titles"]), mention_words=int(data["mention_words"]),
    )


def _starts_word(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in _SPACES or text[i - 1] in "([{—–-\u201c\u201e\"«»"


def _single_closer(text: str, start: int, closer: str) -> int | None:
    """Where a top-level single quote opened at ``start`` ends, or None (an apostrophe)."""
    candidates = [
        i for i in range(start + 1, len(text))
        if text[i] in closer and text[i - 1] not in _SPACES
        and (i + 1 == len(text) or not text[i + 1].isalnum())
    ]
    if not candidates:
        return None
    # The next top-level opener bounds this quote.
    following = [i for i in range(start + 1, len(text)) if text[i] in _marks().single and _starts_word(text, i)]
    limit = following[0] if following else len(text)
    candidates = [i for i in candidates if i < limit] or candidates[:1]
    after_punctuation = [i for i in candidates if text[i - 1] in ",.!?;:—–…"]
    return after_punctuation[0] if after_punctuation else candidates[-1]


def _mention(text: str, opened: int, closed: int) -> bool:
    """A short quote inside a sentence without punctuation of its own is a word
    mentioned or a title, not speech: He called it a “bargain” and left."""
    inside = text[opened + 1:closed].strip(_SPACES)
    before = text[:opened].rstrip(_SPACES)
    return (
        len(inside.split()) <= _marks().mention_words and not inside.endswith(tuple(",.!?;:—–…"))
        and bool(before) and before[-1].isalnum()
    )


def _lead(text: str) -> int:
    """Index of the first character that is not whitespace."""
    i = 0
    while i < len(text) and text[i] in _SPACES:
        i += 1
    return i


class _Scanner:
    """Walks a chapter's paragraphs, carrying an open quotation from one to the next."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.speeches = 0
        self.open_closer: str | None = None
        """The closing mark of a quotation still open at the end of the last paragraph."""
        self.open_opener: str | None = None

    def _emit(self, paragraph: int, text: str, quoted: bool) -> None:
        # Punctuation left over at a cut ("…,” said", "—. ¿Qué tal?") is not read.
        cleaned = text.strip(_SPACES).lstrip(",;:.").strip(_SPACES)
        if not any(c.isalnum() for c in cleaned):
            return
        last = self.spans[-1] if self.spans else None
        if not quoted and last is not None and not last.quoted and last.paragraph == paragraph:
            self.spans[-1] = replace(last, text=f"{last.text} {cleaned}")  # around a mention
        else:
            self.spans.append(Span(paragraph, cleaned, quoted, self.speeches - 1 if quoted else None))

    def paragraph(self, number: int, text: str) -> None:
        marks = _marks()
        start = _lead(text)
        closer = None
        if self.open_closer is not None and text[start:start + 1] == self.open_opener:
            closer, start = self.open_closer, start + 1  # the same speech goes on
        elif start < len(text) and text[start] in marks.dashes:
            self._dashed(number, text[start + 1:])
            self.open_closer = None
            return
        elif self.open_closer is not None:
            self.open_closer = None  # a quote left open by a typo: it ends with its paragraph
        opener = self.open_opener if closer else None
        if closer is None:
            self.open_opener = None
        piece = start
        i = start
        while i < len(text):
            char = text[i]
            if closer is None:
                single_end = None
                if char in marks.single and _starts_word(text, i):
                    single_end = _single_closer(text, i, marks.single[char])
                if (char in marks.double and (char != '"' or _starts_word(text, i))) or single_end is not None:
                    self._emit(number, text[piece:i], quoted=False)
                    self.speeches += 1
                    opener, closer = char, marks.double.get(char) or marks.single[char]
                    piece = i + 1
                    if single_end is not None:
                        self._emit(number, text[piece:single_end], quoted=not _mention(text, i, single_end))
                        closer, piece, i = None, single_end + 1, single_end
            elif char in closer and (closer != '"' or not _starts_word(text, i) or i == len(text) - 1):
                self._emit(number, text[piece:i], quoted=not _mention(text, piece - 1, i))
                closer, piece = None, i + 1
            i += 1
        self._emit(number, text[piece:], quoted=closer is not None)
        self.open_closer, self.open_opener = closer, opener if closer else None

    def _dashed(self, number: int, text: str) -> None:
        """Em-dash dialogue: speech, with narration incises between dashes."""
        self.speeches += 1
        parts = re.split(rf"[{_marks().dashes}]", text)
        for index, part in enumerate(parts):
            self._emit(number, part, quoted=index % 2 == 0)


def find_speech(paragraphs: list[str]) -> list[Span]:
    """Narration and speech spans of a chapter's paragraphs, in reading order, with the
    speakers the text names (see the module docstring for what is recognized)."""
    scanner = _Scanner()
    for number, paragraph in enumerate(paragraphs):
        scanner.paragraph(number, paragraph)
    return _attribute(scanner.spans)


@lru_cache(maxsize=1)
def _attribution_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    marks = _marks()
    name = rf"((?:(?:{marks.titles})\s+)?[A-Z][\w’'-]*(?:\s+(?:de\s+)?[A-Z][\w’'-]*)*)"
    after_verb = re.compile(rf"^(?:{marks.verbs})\s+{name}(?![\w’'])")
    before_verb = re.compile(rf"^{name}\s+(?:{marks.verbs})\b")
    introducing = re.compile(
        rf"(?:(?:^|[.;!?]\s+|,\s+|\s)(?<![\w’']){name},?\s+(?:{marks.verbs})"
        # Verb first, as German tells it and older English can: "Dann sagte Anna: „Ja.“", "said Tom, “Come.”"
        rf"|(?:^|\s)(?:{marks.verbs})\s+{name.replace('(', '(?P<inverted>', 1)})\s*[,:—–]?\s*$"
    )
    return after_verb, before_verb, introducing


def _named(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    inverted = match.groupdict().get("inverted")
    words = (inverted or match.group(1)).split()
    while words and words[0].casefold() in _marks().not_names:
        words.pop(0)
    name = " ".join(words)
    return None if not name or name.casefold() in _marks().pronouns else name


def _attribute(spans: list[Span]) -> list[Span]:
    """Give each speech the name an adjacent attribution gives it."""
    after_verb, before_verb, introducing = _attribution_patterns()
    names: dict[int, str] = {}
    for i, span in enumerate(spans):
        if span.quoted:
            continue
        previous = spans[i - 1] if i > 0 and spans[i - 1].paragraph == span.paragraph else None
        following = spans[i + 1] if i + 1 < len(spans) and spans[i + 1].paragraph == span.paragraph else None
        if previous is not None and previous.quoted:
            name = _named(after_verb.match(span.text)) or _named(before_verb.match(span.text))
            if name:
                names.setdefault(previous.speech, name)
                if following is not None and following.quoted:
                    # "…,” said Alice, “and then…”: both halves are hers.
                    names.setdefault(following.speech, name)
        if following is not None and following.quoted:
            name = _named(introducing.search(span.text))
            if name:
                names.setdefault(following.speech, name)
    return [replace(s, speaker=names.get(s.speech)) if s.quoted else s for s in spans]


def speaker_key(name: str) -> str:
    """How speaker names are compared: case, dots and spacing do not matter
    ("Mr. Bennet" is "mr bennet")."""
    return " ".join(name.replace(".", " ").replace("’", "'").casefold().split())


@dataclass(frozen=True)
class Cast:
    """Which voice reads which span: narration in the main voice (None here), speech
    in its attributed speaker's voice, else in ``dialogue`` (None: the main voice)."""

    dialogue: str | None = None
    speakers: dict[str, str] = field(default_factory=dict)
    """Speaker name -> voice spec; names are compared by :func:`speaker_key`."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "speakers", {speaker_key(k): v for k, v in self.speakers.items()})

    @property
    def active(self) -> bool:
        return bool(self.dialogue or self.speakers)

    def voice_of(self, span: Span) -> str | None:
        """The voice spec for ``span``; None is the main (narrator's) voice."""
        if not span.quoted:
            return None
        if span.speaker is not None:
            chosen = self.speakers.get(speaker_key(span.speaker))
            if chosen:
                return chosen
        return self.dialogue


def voiced_runs(paragraphs: list[str], cast: Cast) -> list[list[tuple[str | None, str]]]:
    """Each paragraph as (voice, text) runs, neighbours of one voice merged."""
    runs: list[list[tuple[str | None, str]]] = [[] for _ in paragraphs]
    for span in find_speech(paragraphs):
        voice = cast.voice_of(span)
        row = runs[span.paragraph]
        if row and row[-1][0] == voice:
            row[-1] = (voice, f"{row[-1][1]} {span.text}")
        else:
            row.append((voice, span.text))
    return runs
