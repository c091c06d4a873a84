"""Hindi through espeak-ng, with two repairs to what it gives back.

- The danda (।, ॥) ends a Hindi sentence, but espeak-ng drops it: a sentence lost its
  final pause and falling tone. It is read as a full stop.
- espeak-ng writes the retroflex flap of ड़ and ढ़ (बड़ा, पढ़ना, लड़का) as ``r.``, a
  phoneme name and not IPA; the period became a pause token inside the word
  ("bˈʌr.aː"). It is Kokoro's ``ɽ`` (``ɽʰ`` for ढ़, as भ is ``bʰ``). To tell that
  period from a real one, real full stops travel through espeak-ng as ``¡``, which it
  keeps as punctuation and never writes itself.
"""

from __future__ import annotations

from litetts_cli.g2p import espeak

LANGUAGE = "hi"
_SENTENCE_MARKS = str.maketrans({"।": ".", "॥": "."})
_STOP_STAND_IN = "¡"


def _flaps(phonemes: str) -> str:
    return phonemes.replace("r.h", "ɽʰ").replace("r.", "ɽ")


def phonemize(text: str) -> str:
    """Kokoro phonemes for Hindi text (Latin words in it are read as English by espeak-ng)."""
    text = text.translate(_SENTENCE_MARKS)
    if _STOP_STAND_IN in text:
        return _flaps(espeak.phonemize(text, LANGUAGE))
    phonemes = espeak.phonemize(text.replace(".", _STOP_STAND_IN), LANGUAGE)
    return _flaps(phonemes).replace(_STOP_STAND_IN, ".")


__all__ = ["phonemize"]
