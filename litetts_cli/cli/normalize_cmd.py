"""``litetts normalize``: print text the way the synthesizer will read it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from litetts_cli.errors import UsageError
from litetts_cli.normalize import CATEGORIES, NormalizeOptions, Normalizer, load_user_rules


def normalize_command(
    text: Annotated[
        str,
        typer.Argument(help="Text to normalize, a path to a UTF-8 text file, or - to read standard input."),
    ],
    language: Annotated[
        str, typer.Option("--language", "-l", help="Language code: en-us/en-gb, es, fr, it, pt-br and hi get their own numbers, dates, money "
            "and abbreviations; ja and zh their numerals; others cleanup and plain numbers.")
    ] = "en-us",
    date_order: Annotated[
        Literal["us", "eu"],
        typer.Option("--date-order", help="Read 01/02/2024 month first (us) or day first (eu)."),
    ] = "us",
    disable: Annotated[
        list[str] | None,
        typer.Option(
            "--disable", help=f"Skip a category (repeat or comma-separate): {', '.join(CATEGORIES)}."
        ),
    ] = None,
    emoji: Annotated[
        Literal["drop", "name"],
        typer.Option("--emoji", help="Drop emoji and pictographs, or read each by its name [config: emoji]."),
    ] = "drop",
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules", help="TOML lexicon whose [normalize.replace] table holds regex replacements."
        ),
    ] = None,
) -> None:
    """Print TEXT as the synthesizer will read it: numbers, dates, money, abbreviations and
    the like spelled out, with [word](/ipa/) and [pause:1s] markup where needed."""
    source = _read_source(text)
    typer.echo(
        normalize_text(source, language=language, date_order=date_order, disabled=disable or [], rules=rules,
                       emoji=emoji)
    )


def normalize_text(
    text: str, *, language: str, date_order: Literal["us", "eu"], disabled: list[str], rules: Path | None,
    emoji: Literal["drop", "name"] = "drop",
) -> str:
    """Normalize ``text`` with options given as the command line gives them.

    Raises:
        UsageError: the text is empty, or a category or rule is not valid.
    """
    if not text.strip():
        raise UsageError(
            "there is no text to normalize", hint="pass text, a file path, or - with text on stdin"
        )
    names = frozenset(name.strip() for value in disabled for name in value.split(",") if name.strip())
    options = NormalizeOptions(
        language=language,
        date_order=date_order,
        disabled=names,
        user_rules=load_user_rules(rules) if rules else (),
        emoji=emoji,
    )
    return Normalizer(options).normalize(text)


def _read_source(argument: str) -> str:
    """The text itself, the contents of the file it names, or standard input for ``-``."""
    from litetts_cli.cli.common import read_text_input

    return read_text_input(argument)[0]


__all__ = ["normalize_command", "normalize_text"]
