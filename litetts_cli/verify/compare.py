"""What was meant against what Whisper heard: aligned words, suspect passages, causes.

Both sides go through the same normalizer (the chapter's, with the user's lexicon), so
"1999", "$5" or "Mr." compare as the words they are read as, whichever way Whisper
writes them; a respelling in the lexicon is taken as meant, an IPA entry is compared with
its word. Words are aligned with :class:`difflib.SequenceMatcher`. A difference is kept
only when it is more than spelling ("Bennet"/"Bennett", "Lizzy"/"Lizzie": letters at
least :data:`SIMILAR` alike, or the same phonemes: "chaise"/"shays") and more than one
small function word swapped, dropped or added, the two kinds of difference Whisper tiny.en makes on clean speech (tuned on a
clean chapter of Pride and Prejudice, docs/verify.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable, Sequence

from litetts_cli.g2p.markup import plain_text

SIMILAR = 0.7
"""Letter similarity (difflib ratio) at or above which two readings are the same words."""
FAST_WORDS_PER_SECOND = 4.2
"""A chunk heard faster than this (narration is ~2.6 words/s at speed 1) is rushed."""
CONTEXT_WORDS = 4

_FUNCTION_WORDS = frozenset(
    "a an the and or but of to in on at by for from with as if up out so then oh ah o "
    "is was be am are were has have had do did not no "
    "it its i im me my he hes him his she shes her we our us they theyre them their there "
    "you youre your that thats this what which who ill id ive".split()
)
"""Words Whisper tiny.en drops, adds or swaps on clean speech ("and am" heard "and I'm");
compared without apostrophes."""
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_EXPANDED = re.compile(r"[\d$£€%&@#§]|\b[A-Za-z]{1,4}\.|\b[A-Z]{2,}\b")
"""Written forms the normalizer reads out: digits, symbols, abbreviations, acronyms."""
_SENTENCE_END = re.compile(r"[.!?:;“\"‘(—]$")

Normalize = Callable[[str], str]
Phonemize = Callable[[str], str]

CAUSES = ("lexicon entry", "number or abbreviation", "unknown word or name", "too fast", "misheard")


def canonical_words(text: str, normalize: Normalize) -> list[str]:
    """The words ``text`` is read as, lower case, without punctuation."""
    spoken = plain_text(normalize(text)).casefold().replace("’", "'")
    return _WORD.findall(re.sub(r"[-–—/]", " ", spoken))


@dataclass(frozen=True)
class HeardChunk:
    """One synthesized chunk and Whisper's transcript of it."""

    chapter: int
    start_s: float
    """Where the chunk starts in the output file."""
    seconds: float
    transcript: str


@dataclass(frozen=True)
class Suspect:
    chapter: int
    title: str
    time_s: float
    expected: str
    heard: str
    context: str
    """The expected words around the passage, the passage in «»."""
    cause: str


@dataclass
class _Hints:
    """Which canonical words came from what, for the likely cause."""

    expanded: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


def _hints(text: str, normalize: Normalize) -> _Hints:
    hints = _Hints()
    previous = ""
    for token in text.split():
        if _EXPANDED.search(token):
            read = canonical_words(token, normalize)
            if read != _WORD.findall(token.casefold()):
                hints.expanded.update(read)
        core = token.strip("“”\"‘’'()[],;:.!?—–-")
        opens_sentence = not previous or _SENTENCE_END.search(previous.rstrip("”’\")'")) or token[:1] in "“\"‘"
        if core[:1].isupper() and core != "I" and not opens_sentence:
            hints.names.update(_WORD.findall(core.casefold()))
        previous = token
    return hints


def _letters(words: Sequence[str]) -> str:
    return "".join(words).replace("'", "")


def _letters_alike(expected: Sequence[str], heard: Sequence[str]) -> bool:
    a, b = _letters(expected), _letters(heard)
    return bool(a or b) and SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


def _minor(expected: Sequence[str], heard: Sequence[str]) -> bool:
    """One function word dropped, added or swapped for another."""
    return (len(expected) <= 1 and len(heard) <= 1
            and all(w.replace("'", "") in _FUNCTION_WORDS for w in (*expected, *heard)))


def _lone_letter_title(expected: Sequence[str], heard: Sequence[str], at: int, title: Sequence[str]) -> bool:
    """A chapter titled with one letter ("I", "T") heard as at most one word: said on
    its own, a letter gives Whisper tiny.en nothing to spell it by ("T" heard "see",
    "I" heard "hi"), so that is no sign of a wrong reading."""
    return at == 0 and list(expected) == list(title) and len(title) == 1 and len(title[0]) == 1 and len(heard) <= 1


def _same_sounds(expected: Sequence[str], heard: Sequence[str], phonemize: Phonemize | None) -> bool:
    """Homophones: Whisper spelt what was said another way ("chaise" heard "shays")."""
    if phonemize is None or not expected or not heard:
        return False
    def sounds(words: Sequence[str]) -> str:
        return re.sub(r"[ˈˌː\s]", "", phonemize(" ".join(words)))
    return sounds(expected) == sounds(heard)


def compare_chapter(
    chapter: int, title: str, text: str, heard: list[HeardChunk], normalize: Normalize,
    lexicon: Sequence[re.Pattern[str]] = (), phonemize: Phonemize | None = None,
) -> list[Suspect]:
    """Suspect passages of one chapter.

    Args:
        text: what the chapter reads, as written (its title and paragraphs).
        heard: its chunks in order, with their transcripts.
        normalize: the chapter's normalizer (the lexicon's respellings included).
        lexicon: the patterns of the user's lexicon rules; a passage one matches is
            blamed on the lexicon.
        phonemize: the chapter's phonemizer; words that sound the same are not suspect.
    """
    expected = canonical_words(text, normalize)
    words: list[str] = []
    times: list[float] = []
    rates: list[float] = []
    for chunk in heard:
        found = canonical_words(chunk.transcript, normalize)
        rate = len(found) / chunk.seconds if chunk.seconds > 0 else 0.0
        for k, word in enumerate(found):
            words.append(word)
            times.append(chunk.start_s + chunk.seconds * k / max(len(found), 1))
            rates.append(rate)
    hints = _hints(text, normalize)
    title_words = canonical_words(title, normalize)
    suspects = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, expected, words, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        meant, got = expected[i1:i2], words[j1:j2]
        if (_letters_alike(meant, got) or _minor(meant, got) or _same_sounds(meant, got, phonemize)
                or _lone_letter_title(meant, got, i1, title_words)):
            continue
        at = min(j1, len(times) - 1)
        context = expected[max(0, i1 - CONTEXT_WORDS):i1] + ["«" + " ".join(meant) + "»"] + expected[i2:i2 + CONTEXT_WORDS]
        suspects.append(Suspect(
            chapter, title, times[at] if times else 0.0, " ".join(meant), " ".join(got), " ".join(context),
            _cause(meant, got, hints, lexicon, rates[at] if rates else 0.0),
        ))
    return suspects


def _cause(meant: Sequence[str], heard: Sequence[str], hints: _Hints,
           lexicon: Sequence[re.Pattern[str]], rate: float) -> str:
    if any(p.search(w) for p in lexicon for w in meant):
        return "lexicon entry"
    if any(w in hints.expanded for w in meant):
        return "number or abbreviation"
    if any(w in hints.names for w in meant):
        return "unknown word or name"
    if rate > FAST_WORDS_PER_SECOND:
        return "too fast"
    return "misheard"
