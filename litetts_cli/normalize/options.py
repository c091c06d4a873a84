"""Per-call settings for the normalizer, and the user's search-and-replace rules."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import regex

from litetts_cli.errors import InputError, UsageError
from litetts_cli.limits import DEFAULT_LIMITS, read_settings_file

CATEGORIES = (
    "ssml",
    "cleanup",
    "web",
    "code",
    "roman",
    "money",
    "dates",
    "times",
    "units",
    "abbreviations",
    "numbers",
    "acronyms",
    "symbols",
    "homographs",
)
"""Categories that can be switched off, in the order the normalizer runs them."""


@dataclass(frozen=True)
class UserRule:
    """One regex replacement from the user's lexicon file, applied after cleanup.

    Compiled with the ``regex`` engine, which can stop a match after a timeout: a rule
    like ``(a+)+$`` backtracks for ever on a long run of "a" (issue 20).
    """

    pattern: regex.Pattern[str]
    replacement: str

    def apply(self, text: str, timeout_s: float = DEFAULT_LIMITS.rule_timeout_s) -> str:
        """``text`` with the rule applied.

        Raises:
            UsageError: the rule ran longer than ``timeout_s`` seconds on this text.
        """
        try:
            return self.pattern.sub(self.replacement, text, timeout=timeout_s)
        except TimeoutError:
            raise UsageError(
                f"lexicon rule {self.pattern.pattern[:80]!r} ran longer than {timeout_s:g} s on "
                f"{len(text)} characters of text",
                hint="simplify the rule (nested repeats like (a+)+ backtrack without end), "
                "or raise rule_timeout in the config",
            ) from None


@dataclass(frozen=True)
class NormalizeOptions:
    """How to turn written text into speakable text."""

    language: str = "en-us"
    """Language code: ``en-*`` gets every English category; es, fr, it, pt-br and hi their
    own numbers, dates, money and abbreviations; ja and zh their numerals; anything else
    cleanup and plain numbers."""
    date_order: Literal["us", "eu"] = "us"
    """How to read ambiguous numeric dates: ``us`` is 12/25/2023, ``eu`` is 25/12/2023."""
    disabled: frozenset[str] = frozenset()
    """Category names from :data:`CATEGORIES` to skip."""
    user_rules: tuple[UserRule, ...] = ()
    """Regex replacements applied to the cleaned text before any English expansion."""
    strict: bool = False
    """Raise on an internal error instead of leaving that one token as written (tests)."""
    max_token_chars: int = DEFAULT_LIMITS.max_token_chars
    """A run of more characters without a space is cut into pieces this long before
    anything else sees it, so no category spends more than linear time on it."""
    rule_timeout_s: float = DEFAULT_LIMITS.rule_timeout_s
    """Seconds one user rule may run on one text."""
    emoji: Literal["drop", "name"] = "drop"
    """Emoji and pictographs: ``drop`` them, or read each by its ``name``."""

    def __post_init__(self) -> None:
        # Accept any iterable from callers; store hashable, immutable forms.
        object.__setattr__(self, "disabled", frozenset(self.disabled))
        object.__setattr__(self, "user_rules", tuple(self.user_rules))
        unknown = set(self.disabled) - set(CATEGORIES)
        if unknown:
            raise UsageError(
                f"unknown normalizer categories: {', '.join(sorted(unknown))}",
                hint=f"choose from {', '.join(CATEGORIES)}",
            )
        if self.max_token_chars < 16 or not math.isfinite(self.rule_timeout_s) or self.rule_timeout_s <= 0:
            raise UsageError("max_token_chars must be 16 or more and rule_timeout a positive number")
        if self.emoji not in ("drop", "name"):
            raise UsageError(f"emoji {self.emoji!r} is not valid", hint="use drop or name")
        if self.date_order not in ("us", "eu"):
            raise UsageError(f"date order {self.date_order!r} is not valid", hint="use us or eu")

    @property
    def is_english(self) -> bool:
        return self.language.lower().replace("_", "-").startswith("en")

    @property
    def british(self) -> bool:
        return self.language.lower().replace("_", "-") in ("en-gb", "en-uk", "en-gb-x-rp")

    def enabled(self, category: str) -> bool:
        return category not in self.disabled


def parse_user_rules(table: dict[str, object], origin: str = "rules") -> tuple[UserRule, ...]:
    """Compile ``{regex: replacement}`` pairs, in file order.

    Raises:
        UsageError: a pattern is not a valid regular expression or a replacement not a string.
    """
    rules = []
    for pattern, replacement in table.items():
        if not isinstance(replacement, str):
            raise UsageError(
                f"{origin}: replacement for {pattern!r} is not a string",
                hint='write rules as "pattern" = "replacement"',
            )
        try:
            compiled = regex.compile(pattern)
            _check_template(compiled, replacement)  # a bad group reference fails here, not mid-book
        except (regex.error, re.error, IndexError) as exc:
            raise UsageError(
                f"{origin}: rule {pattern!r} is not a valid regular expression: {exc}",
                hint="fix the pattern; escape literal dots and brackets with a backslash",
            ) from None
        rules.append(UserRule(compiled, replacement))
    return tuple(rules)


def _check_template(compiled: regex.Pattern[str], replacement: str) -> None:
    """Raise ``re.error`` when ``replacement`` names a group ``compiled`` lacks.

    ``regex`` reads a template only when a match happens; ``re`` reads it at once, so
    the template is tried on an empty pattern with the same groups.
    """
    names = {index: name for name, index in compiled.groupindex.items()}
    groups = "".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, compiled.groups + 1))
    re.compile(groups).sub(replacement, "")


def load_user_rules(path: Path) -> tuple[UserRule, ...]:
    """Read a TOML lexicon: ``[words]`` (word -> /IPA/ or respelling) and the
    ``[normalize.replace]`` (or top-level ``[replace]``) table of regex replacements.

    Example::

        [words]
        Kokoro = "/kəkˈɔːɹoʊ/"      # exact phonemes
        Nguyen = "win"              # a respelling

        [normalize.replace]
        "\\bKokoro\\b" = "Ko ko ro"
        "\\bSQL\\b" = "sequel"
    """
    try:
        data = tomllib.loads(read_settings_file(path).decode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read lexicon {path}: {exc.strerror}", hint="check the path") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"lexicon {path} is not valid TOML: {exc}", hint="fix the file") from None
    table = data.get("normalize", {}).get("replace", data.get("replace", {}))
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [normalize.replace] must be a table", hint='"pattern" = "text"')
    words = data.get("words", {})
    if not isinstance(words, dict):
        raise UsageError(f"{path}: [words] must be a table", hint='word = "/IPA/" or word = "respelling"')
    return parse_user_rules(word_rules(words), origin=f"{path} [words]") + parse_user_rules(table, origin=str(path))


def word_rules(words: dict[str, object]) -> dict[str, object]:
    """``[words]`` entries as whole-word rules: ``/IPA/`` becomes ``[word](/IPA/)`` markup,
    anything else is a respelling read by espeak-ng. Matching ignores case."""
    rules: dict[str, object] = {}
    for word, value in words.items():
        pattern = rf"(?i)(?<![\w\[])({re.escape(word)})(?![\w\]])"
        if isinstance(value, str) and len(value) > 2 and value.startswith("/") and value.endswith("/"):
            ipa = value.strip("/").replace("\\", "\\\\")
            rules[pattern] = rf"[\1](/{ipa}/)"
        else:
            rules[pattern] = value.replace("\\", "\\\\") if isinstance(value, str) else value
    return rules


__all__ = ["CATEGORIES", "NormalizeOptions", "UserRule", "load_user_rules", "parse_user_rules"]
