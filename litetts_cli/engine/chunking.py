"""Plan text into chunks the model can take: at most 510 tokens, never split in a word.

Sentences are the unit. Consecutive sentences of one paragraph are packed into one
chunk up to a token target (fewer model calls, natural prosody across sentences); a
sentence longer than the hard limit is split at clause punctuation, then between
words. Only a "word" longer than the whole budget (a run of hundreds of characters
without a space) is cut inside, since nothing else can be done with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Literal

from litetts_cli.g2p import markup
from litetts_cli.g2p.languages import split_on_spaces
from litetts_cli.g2p.sentences import split_paragraphs, split_sentences
from litetts_cli.g2p.tokens import MAX_TOKENS, keep_known, to_ids

Boundary = Literal["clause", "sentence", "paragraph", "heading", "chapter"]
Phonemizer = Callable[[str], str]
WordSplitter = Callable[[str], list[str]]
"""Text -> words with their trailing whitespace (``"".join`` gives the text back)."""

_CLAUSE_SPLIT = re.compile(r"(?:(?<=[,;:—–])|(?<=[,;:—–][”’\"»)]))\s+|(?<=[、，；：])\s*")
"""Clause ends: Latin punctuation before a space, also inside a closing quote
('"My dear fellow," said'); CJK commas, which take no space."""
_GLUED_PUNCTUATION = re.compile(r"(?<=\S) (?=[,.;:!?…)\]”’»]|\"[\s,.;:!?…]|\"$)")
"""A space the joining of markup pieces put before punctuation: 'their [lives](/…/)," and'
read 'their lives ," and' in subtitles and read-along text."""
_WORDS_PER_PIECE = 40
"""Long text is phonemized in word groups of this size before packing, so a
megabyte-long paragraph costs one espeak call per group, not one per word."""


@dataclass(frozen=True)
class ChunkOptions:
    target_tokens: int = 250
    """Pack sentences of a paragraph into one chunk up to this many tokens."""
    max_tokens: int = MAX_TOKENS
    """Hard limit per model call."""
    first_chunk_tokens: int | None = 48
    """Streaming ramp: the first chunk is the first sentence alone, cut after its leading
    clauses when it is longer than this; chunk ``n`` is then packed to at most
    ``first_chunk_tokens * ramp ** n`` tokens until ``target_tokens``. Audio starts after
    one short model call, and each chunk is made while the previous, shorter one plays
    (issue 12). None packs every chunk to ``target_tokens`` (a book, not heard live)."""
    ramp: float = 2.0
    """How fast chunk budgets grow after the first; 2 keeps up at real-time factors below 0.5."""
    chunks_before: int = 0
    """Chunks already planned before this text (its earlier paragraphs): the ramp goes on
    from there instead of starting again."""

    def budget(self, number: int) -> int:
        """Token budget of chunk ``number`` (counted from the start of the stream)."""
        target = min(self.target_tokens, self.max_tokens)
        if self.first_chunk_tokens is None:
            return target
        return min(target, int(self.first_chunk_tokens * self.ramp ** min(number, 32)))

    def after(self, chunks: int) -> "ChunkOptions":
        """The options for the text that follows ``chunks`` more chunks."""
        return replace(self, chunks_before=self.chunks_before + chunks)


@dataclass(frozen=True)
class Chunk:
    """One model call's worth of speech."""

    index: int
    text: str
    phonemes: str
    boundary: Boundary = "sentence"
    """What follows this chunk; decides the pause after it."""
    pause: float | None = None
    """An explicit pause after this chunk (from ``[pause:...]``), overriding the boundary."""

    @property
    def token_ids(self) -> list[int]:
        return to_ids(self.phonemes)

    @property
    def token_count(self) -> int:
        return len(keep_known(self.phonemes))


@dataclass
class _Unit:
    text: str
    phonemes: str
    boundary: Boundary
    pause: float | None = None
    given_phonemes: bool = False
    """Some of ``phonemes`` came from inline markup (``[word](/IPA/)``), so ``text`` alone
    cannot be phonemized again without losing them."""

    @property
    def tokens(self) -> int:
        return len(keep_known(self.phonemes))


def _fit(
    text: str, phonemize: Phonemizer, max_tokens: int, boundary: Boundary, split_words: WordSplitter
) -> list[_Unit]:
    """Phonemize ``text`` into units of at most ``max_tokens`` tokens each."""
    words = split_words(text)

    def fit_parts(parts: list[str]) -> list[_Unit]:
        units = [
            u
            for part in parts
            if part.strip()
            for u in _fit(part.strip(), phonemize, max_tokens, "clause", split_words)
        ]
        return _pack_units(units, max_tokens, boundary)

    clauses = [c for c in _CLAUSE_SPLIT.split(text) if c.strip()]
    if len(words) > _WORDS_PER_PIECE:
        # Too long to phonemize in one call: clauses first, so that packing cuts at a
        # comma (、，) when it must cut, then fixed word groups.
        if len(clauses) > 1:
            return fit_parts(clauses)
        return fit_parts(
            ["".join(words[i : i + _WORDS_PER_PIECE]) for i in range(0, len(words), _WORDS_PER_PIECE)]
        )
    phonemes = phonemize(text)
    if len(keep_known(phonemes)) <= max_tokens:
        return [_Unit(text, phonemes, boundary)]
    if len(clauses) > 1:
        return fit_parts(clauses)
    if len(words) > 1:
        half = len(words) // 2
        return fit_parts(["".join(words[:half]), "".join(words[half:])])
    # One unbroken run longer than a whole chunk: cut it, it has no word boundary.
    cut = len(text) // 2
    return fit_parts([text[:cut], text[cut:]])


_NO_SPACE_SCRIPT = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""CJK characters and punctuation: text written in them has no spaces between words."""


def _join_text(left: str, right: str) -> str:
    """Two pieces of one passage: a space between them, unless both sides are CJK."""
    if left and right and _NO_SPACE_SCRIPT.match(left[-1]) and _NO_SPACE_SCRIPT.match(right[0]):
        return left + right
    return f"{left} {right}"


def _pack_units(
    units: list[_Unit], limit: int | Callable[[int], int], last_boundary: Boundary
) -> list[_Unit]:
    """Merge neighbours while they fit; the final unit takes ``last_boundary``.

    ``limit`` is a token count, or the budget of the n-th packed unit (the ramp)."""
    budget = limit if callable(limit) else (lambda _n: limit)
    packed: list[_Unit] = []
    for unit in units:
        prev = packed[-1] if packed else None
        if prev and prev.pause is None and prev.tokens + 1 + unit.tokens <= budget(len(packed) - 1):
            prev.text = _join_text(prev.text, unit.text)
            prev.phonemes = f"{prev.phonemes} {unit.phonemes}"
            prev.boundary = unit.boundary
            prev.pause = unit.pause
            prev.given_phonemes = prev.given_phonemes or unit.given_phonemes
        else:
            packed.append(_Unit(unit.text, unit.phonemes, unit.boundary, unit.pause, unit.given_phonemes))
    if packed:
        packed[-1].boundary = last_boundary
    return packed


_TRAILING_ARTICLE = re.compile(r"(?:^|\s)[Aa]$")
_ARTICLE_A = "ɐ"
"""How espeak-ng says the article "a" inside a sentence."""


def _phonemize_before(text: str, next_part: object, phonemize: Phonemizer) -> str:
    """Phonemize a text piece; a piece ending in the article "a" right before inline
    phonemes ("A [tear](/tˈɪɹ/) rolled") would be read alone as the letter name "ay",
    so the article is spoken as the article."""
    if isinstance(next_part, markup.PhonemePart) and _TRAILING_ARTICLE.search(text):
        head = text[:-1].strip()
        return f"{phonemize(head)} {_ARTICLE_A}".strip() if head else _ARTICLE_A
    return phonemize(text)


def _sentence_units(
    sentence: str, phonemize: Phonemizer, max_tokens: int, split_words: WordSplitter
) -> list[_Unit]:
    """A sentence with inline markup -> units; an explicit pause ends a unit."""
    units: list[_Unit] = []
    pending_text: list[str] = []
    pending_ph: list[str] = []
    given: list[bool] = []

    def flush(pause: float | None) -> None:
        has_given = any(given)
        given.clear()
        text = _GLUED_PUNCTUATION.sub("", " ".join(t for t in pending_text if t)).strip()
        phonemes = " ".join(p for p in pending_ph if p).strip()
        pending_text.clear()
        pending_ph.clear()
        if not keep_known(phonemes).strip():
            if pause is not None and units:
                units[-1].pause = (units[-1].pause or 0.0) + pause
            elif pause is not None:
                units.append(_Unit("", "", "sentence", pause))
            return
        if len(keep_known(phonemes)) <= max_tokens:
            fitted = [_Unit(text, phonemes, "sentence", given_phonemes=has_given)]
        else:
            fitted = _fit(text, phonemize, max_tokens, "sentence", split_words)
        fitted[-1].pause = pause
        units.extend(fitted)

    parts = markup.parse_inline(sentence)
    for position, part in enumerate(parts):
        if isinstance(part, markup.PausePart):
            flush(part.seconds)
        elif isinstance(part, markup.PhonemePart):
            pending_text.append(part.text.strip())
            pending_ph.append(part.ipa)
            given.append(True)
        elif part.text.strip():
            # A long plain run is fitted on its own so one espeak call stays small.
            if len(part.text) > 4 * max_tokens:
                flush(None)
                units.extend(_fit(part.text.strip(), phonemize, max_tokens, "sentence", split_words))
                continue
            pending_text.append(part.text.strip())
            next_part = parts[position + 1] if position + 1 < len(parts) else None
            pending_ph.append(_phonemize_before(part.text.strip(), next_part, phonemize))
    flush(None)
    return units


def _first_chunk(
    sentence_units: list[_Unit], phonemize: Phonemizer, options: ChunkOptions, split_words: WordSplitter
) -> tuple[list[_Unit], list[_Unit]]:
    """The stream's first sentence -> (sealed first units, units packed with what follows).

    A plain first sentence longer than the first budget is cut after its leading clauses
    (never inside a clause: a sentence without clause punctuation stays whole). One with
    phonemes given inline stays whole too: cutting re-phonemizes its text, which would
    lose them."""
    limit = options.budget(0)
    only = sentence_units[0]
    if len(sentence_units) > 1 or only.tokens <= limit:
        return sentence_units, []
    pieces = _clause_pieces(only, phonemize, options.max_tokens, split_words)
    if len(pieces) < 2:
        return sentence_units, []
    head = [pieces[0]]
    for piece in pieces[1:-1]:
        if head[-1].tokens + 1 + piece.tokens > limit:
            break
        head.append(piece)
    rest = pieces[len(head):]
    return _pack_units(head, options.max_tokens, "clause"), rest


def _clause_pieces(unit: _Unit, phonemize: Phonemizer, max_tokens: int, split_words: WordSplitter) -> list[_Unit]:
    """A plain sentence cut after each clause (never inside one), or the sentence alone
    when it has no clause punctuation, an explicit pause, or phonemes given inline
    (cutting re-phonemizes its text, which would lose them)."""
    if unit.pause is not None or unit.given_phonemes:
        return [unit]
    clauses = _outside_quotes([c.strip() for c in _CLAUSE_SPLIT.split(unit.text) if c.strip()])
    if len(clauses) < 2:
        return [unit]
    pieces = [u for c in clauses for u in _fit(c, phonemize, max_tokens, "clause", split_words)]
    pieces[-1].boundary = unit.boundary
    return pieces


_CLOSING_QUOTE = {"“": "”", "«": "»", "„": "“"}
"""Opening quotation marks and the mark that closes each (German „...“)."""


def _outside_quotes(clauses: list[str]) -> list[str]:
    """Clauses rejoined where a cut after them would fall inside an open quotation:
    '"...out last night, | sir," said Mrs. Medley' is one piece up to the closing quote,
    where the quoted speech ends ('"My dear fellow," | said' still cuts)."""
    joined: list[str] = []
    opened: list[str] = []
    straight = False
    for clause in clauses:
        if opened or straight:
            joined[-1] = f"{joined[-1]} {clause}"
        else:
            joined.append(clause)
        for char in clause:
            if opened and char == _CLOSING_QUOTE[opened[-1]]:
                opened.pop()
            elif char in _CLOSING_QUOTE:
                opened.append(char)
            elif char == '"':
                straight = not straight
    return joined


def _split_for_ramp(
    units: list[_Unit], budget: Callable[[int], int], phonemize: Phonemizer, options: ChunkOptions,
    split_words: WordSplitter,
) -> list[_Unit]:
    """While the stream's chunks are still growing, a sentence longer than the chunk it
    starts is cut after its clauses, so that chunk stays within its budget and is made
    while the previous, shorter one plays (a 259-token sentence as the third chunk took
    longer to make than the first two took to play, on AVX2). Past the ramp, and in a
    book (no ramp), sentences stay whole."""
    if options.first_chunk_tokens is None:
        return units
    target = min(options.target_tokens, options.max_tokens)
    out: list[_Unit] = []
    for position, unit in enumerate(units):
        chunk = len(_pack_units([_Unit(u.text, u.phonemes, u.boundary, u.pause) for u in out], budget, "clause"))
        if budget(chunk) >= target:
            return out + units[position:]
        out.extend(_clause_pieces(unit, phonemize, options.max_tokens, split_words)
                   if unit.tokens > budget(chunk) else [unit])
    return out


def plan_chunks(
    text: str,
    phonemize: Phonemizer,
    options: ChunkOptions = ChunkOptions(),
    *,
    split_words: WordSplitter = split_on_spaces,
    final_boundary: Boundary = "paragraph",
    start_index: int = 0,
) -> list[Chunk]:
    """Split ``text`` (already normalized) into chunks in reading order.

    Args:
        text: paragraphs separated by blank lines; inline markup allowed.
        phonemize: text -> IPA phonemes for the voice's language.
        options: token budget and packing.
        split_words: the language's words; a sentence over the budget is cut only
            between them (scripts without spaces need their own, see ``g2p.languages``).
        final_boundary: the boundary after the last chunk ("chapter" at a chapter end).
        start_index: index of the first chunk, for numbering across chapters.
    """
    units: list[_Unit] = []
    first = options.first_chunk_tokens is not None and options.chunks_before == 0
    for paragraph in split_paragraphs(text):
        paragraph_units: list[_Unit] = []
        for sentence in split_sentences(paragraph):
            sentence_units = _sentence_units(sentence, phonemize, options.max_tokens, split_words)
            if first and sentence_units:
                # Seal the first sentence (or its leading clauses) so nothing is packed onto it.
                head, rest = _first_chunk(sentence_units, phonemize, options, split_words)
                units.extend(head)
                paragraph_units.extend(rest)
                first = False
                continue
            paragraph_units.extend(sentence_units)
        if paragraph_units:
            offset = options.chunks_before + len(units)

            def budget(n: int, offset: int = offset) -> int:
                return options.budget(offset + n)

            paragraph_units = _split_for_ramp(paragraph_units, budget, phonemize, options, split_words)
            units.extend(_pack_units(paragraph_units, budget, "paragraph"))
        elif units:
            units[-1].boundary = "paragraph"
    if units:
        units[-1].boundary = final_boundary
    return [
        Chunk(start_index + i, u.text, u.phonemes, u.boundary, u.pause)
        for i, u in enumerate(units)
    ]


def count_tokens(chunks: Iterable[Chunk]) -> int:
    return sum(c.token_count for c in chunks)
