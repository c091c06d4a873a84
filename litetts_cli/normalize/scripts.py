"""Words in another script inside English text, read in their language.

"Ελληνικά", "Русский" or "한국어" in an English page (a list of a project's translations, a
quoted word) were read by English espeak-ng as the names of their letters ("epsilon
lambda lambda eta ...", "Chinese letter Chinese letter"). A run of such words is given
the phonemes of the language its script says (:mod:`litetts_cli.g2p.foreign_words`),
and held from the English categories. Japanese mixing kana and kanji is left as it
is (espeak-ng reads no kanji as Japanese); Devanagari is Hindi's own step.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from litetts_cli.g2p.foreign_words import foreign_markup

_SCRIPTS = {
    "el": "\u0370-\u03ff\u1f00-\u1fff",
    "cyrillic": "\u0400-\u04ff",
    "ko": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "ja": "\u3040-\u30ff",
    "cmn": "\u3400-\u4dbf\u4e00-\u9fff",
    "ar": "\u0600-\u06ff",
    "he": "\u0590-\u05ff",
}
_RUN = re.compile("|".join(
    rf"(?P<{name}>[{chars}]+(?:[ \t]+[{chars}]+)*)" for name, chars in _SCRIPTS.items()
))
_KANA_OR_HAN = re.compile(f"[{_SCRIPTS['ja']}{_SCRIPTS['cmn']}]")
_UKRAINIAN = re.compile("[ієїґІЄЇҐ]")


def hold_other_script_words(text: str, hold: Callable[[str], str] = str) -> str:
    """``text`` with its runs of Greek, Cyrillic, Hangul, kana, Han, Arabic and Hebrew
    words in their languages' phonemes (unchanged where espeak-ng has no reading)."""
    if text.isascii():
        return text

    def replace(m: re.Match[str]) -> str:
        script, run = m.lastgroup, m.group(0)
        if script == "el" and len(run) == 1:
            return run  # a Greek letter alone is a symbol, said by its English name ("pi", "theta")
        if script in ("ja", "cmn") and (_KANA_OR_HAN.search(text[max(0, m.start() - 1):m.start()])
                                        or _KANA_OR_HAN.search(text[m.end():m.end() + 1])):
            return run  # kana next to kanji: Japanese, which espeak-ng cannot read
        if script == "cyrillic":
            script = "uk" if _UKRAINIAN.search(run) else "ru"
        marked = foreign_markup(run, script)
        return hold(marked) if marked != run else run

    return _RUN.sub(replace, text)


__all__ = ["hold_other_script_words"]
