"""The Normalizer: written text in, speakable text out, one category after another."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from litetts_cli.g2p.detect import script_language
from litetts_cli.normalize import cleanup, ssml
from litetts_cli.normalize.abbreviations import expand_abbreviations
from litetts_cli.normalize.acronyms import expand_acronyms
from litetts_cli.normalize.addresses import expand_house_numbers
from litetts_cli.normalize.base import Held
from litetts_cli.normalize.chinese import expand_chinese
from litetts_cli.normalize.code import expand_code
from litetts_cli.normalize.cjk import cjk_language
from litetts_cli.normalize.dates import expand_dates
from litetts_cli.normalize.elisions import expand_elisions
from litetts_cli.normalize.emoji import expand_emoji
from litetts_cli.normalize.foreign import LANGUAGES as FOREIGN_LANGUAGES
from litetts_cli.normalize.foreign import expand_foreign
from litetts_cli.normalize.headings import expand_heading_lines
from litetts_cli.normalize.homographs import expand_homographs
from litetts_cli.normalize.japanese import expand_japanese
from litetts_cli.normalize.languages import base_language
from litetts_cli.normalize.money import expand_money
from litetts_cli.normalize.numbers import expand_numbers
from litetts_cli.normalize.options import NormalizeOptions
from litetts_cli.normalize.other_languages import expand_plain_numbers
from litetts_cli.normalize.roman import expand_roman
from litetts_cli.normalize.scripts import hold_other_script_words
from litetts_cli.normalize.sterling import expand_sterling
from litetts_cli.normalize.symbols import expand_approximately, expand_symbols
from litetts_cli.normalize.tex import expand_tex
from litetts_cli.normalize.times import expand_times
from litetts_cli.normalize.units import expand_units
from litetts_cli.normalize.web import expand_web

Step = Callable[[str, NormalizeOptions], str]

ENGLISH_STEPS: tuple[tuple[str, Step], ...] = (
    ("abbreviations", expand_abbreviations),
    ("symbols", expand_approximately),
    ("roman", expand_heading_lines),
    ("roman", expand_roman),
    ("money", expand_sterling),
    ("money", expand_money),
    ("dates", expand_dates),
    ("times", expand_times),
    ("units", expand_units),
    ("numbers", expand_house_numbers),
    ("numbers", expand_numbers),
    ("acronyms", expand_acronyms),
    ("symbols", expand_symbols),
    ("homographs", expand_elisions),
    ("homographs", expand_homographs),
)
"""English categories after cleanup and web addresses, in order: the specific ones
(money, dates) run before the general ones (numbers) that would otherwise claim their
digits, and homographs run last so they see the words as they will be spoken."""

CJK_STEPS: dict[str, Step] = {"ja": expand_japanese, "zh": expand_chinese}
"""Japanese and Chinese: numbers, dates, times, money and counters in one step each
(their categories share one number grammar, unlike English's)."""


class Normalizer:
    """Turns written text into text that espeak-ng and Kokoro read well.

    Example:
        >>> Normalizer(NormalizeOptions()).normalize("Dr. Smith paid $45.50 on 3/4/2024.")
        'Doctor Smith paid forty-five dollars and fifty cents on March fourth, twenty twenty-four.'

    Inline ``[word](/ipa/)`` and ``[pause:1s]`` markup in the input is passed through
    untouched; the output may contain more of both (homographs, SSML breaks).
    """

    def __init__(self, options: NormalizeOptions | None = None):
        self.options = options or NormalizeOptions()
        self._steps = [step for name, step in ENGLISH_STEPS if self.options.enabled(name)]
        deleting = frozenset({"cleanup", "ssml"})
        self._literal = (
            None
            if deleting <= self.options.disabled
            else Normalizer(replace(self.options, disabled=self.options.disabled | deleting))
        )

    def normalize(self, text: str) -> str:
        """Normalize one text (a paragraph, a chapter or a whole book); never raises on
        odd input unless the options ask for ``strict``."""
        options = self.options
        held = Held()
        original = text
        text = cleanup.strip_unsafe(text)
        text = held.hold_markup(text)
        text = cleanup.break_long_tokens(text, options.max_token_chars)
        if options.enabled("ssml"):
            text = ssml.convert(text, options, held.hold)
        if options.is_english and options.enabled("code"):
            # Before cleanup, which strips TeX's backslashes and braces, reads "--" as a
            # dash and "[1]" as a footnote marker.
            text = expand_tex(text, options)
            text = expand_code(text, options, held.hold)
        if options.enabled("cleanup"):
            text = cleanup.clean(text, options)
        text = expand_emoji(text, options)
        for rule in options.user_rules:
            text = rule.apply(text, options.rule_timeout_s)
        text = held.hold_markup(text)
        if options.is_english:
            if options.enabled("numbers"):
                text = _hold_other_scripts(text, options, held)
            text = hold_other_script_words(text, held.hold)
            if options.enabled("web"):
                text = expand_web(text, options, held.hold)
            for step in self._steps:
                text = held.hold_markup(step(text, options))
        elif cjk_language(options.language) and options.enabled("numbers"):
            text = CJK_STEPS[cjk_language(options.language)](text, options)
        elif base_language(options.language) in FOREIGN_LANGUAGES and options.enabled("numbers"):
            if options.enabled("roman"):
                text = expand_heading_lines(text, options)
            text = expand_foreign(text, options)
        elif options.enabled("numbers"):
            text = expand_plain_numbers(text, options)
        text = held.restore(cleanup.tidy_final(text))
        if not _has_word(text) and _has_word(original) and self._literal is not None:
            # Everything was markup or footnotes to us (say "<b>" or ".[1]"); reading the
            # symbols beats silence, so try again without the categories that delete text.
            return self._literal.normalize(original)
        return text


_DEVANAGARI_SENTENCE = re.compile(r"[^\n.!?।]*[\u0900-\u0963\u0966-\u097f][^\n.!?।]*[।.!?]*")


def _hold_other_scripts(text: str, options: NormalizeOptions, held: Held) -> str:
    """Hindi sentences inside English text get Hindi number words ("मेरे पास 25
    किताबें" is not "twenty-five"), and are then held so English rules leave them be."""
    if not any("\u0900" <= c <= "\u097f" for c in text):
        return text
    hindi = replace(options, language="hi")

    def convert(m: re.Match[str]) -> str:
        sentence = m.group(0)
        if script_language(sentence) != "hi":
            return sentence
        stripped = sentence.strip()
        lead = sentence[: len(sentence) - len(sentence.lstrip())]
        trail = sentence[len(sentence.rstrip()):]
        return lead + held.hold(expand_foreign(stripped, hindi)) + trail

    return _DEVANAGARI_SENTENCE.sub(convert, text)


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


__all__ = ["CJK_STEPS", "ENGLISH_STEPS", "Normalizer"]
