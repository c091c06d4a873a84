"""The `litetts` command: sub-commands and the one place errors become exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional, Sequence

import click
import typer

from litetts_cli import __version__
from litetts_cli.cli import console
from litetts_cli.errors import LitettsError

app = typer.Typer(
    name="litetts",
    help="Text to natural speech and chaptered audiobooks with Kokoro-82M, offline on your CPU.\n\n"
    "Examples:\n\n"
    "  litetts synth \"Hello there.\" -o hello.wav\n\n"
    "  cat notes.md | litetts synth - -o - | ffplay -\n\n"
    "  litetts book novel.epub            # -> novel.m4b with chapters\n\n"
    "  litetts voices list --language en-gb",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        console.out.print(f"litetts {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        Optional[Path],
        typer.Option("--home", help="Store for models, voices and cache [env LITETTS_HOME].", show_default=False),
    ] = None,
    config: Annotated[
        Optional[Path],
        typer.Option("--config", help="Config file (TOML) [env LITETTS_CONFIG].", show_default=False),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = {"home": home, "config_file": config}


def _register() -> None:
    from litetts_cli.cli import benchmark, book, cache, models, serve, synth, voices
    from litetts_cli.cli.normalize_cmd import normalize_command

    app.command("synth", no_args_is_help=True)(synth.synth_command)
    app.command("book", no_args_is_help=True)(book.book_command)
    app.command("normalize", no_args_is_help=True)(normalize_command)
    app.add_typer(voices.app, name="voices")
    app.add_typer(models.app, name="models")
    app.command("benchmark")(benchmark.benchmark_command)
    app.add_typer(cache.app, name="cache")
    app.command("serve")(serve.serve_command)


_register()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the app, turn known errors into one line and an exit code."""
    try:
        code = app(args=list(argv) if argv is not None else None, standalone_mode=False)
    except LitettsError as exc:
        console.error_line(exc.one_line())
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        console.error_line("interrupted")
        sys.exit(130)
    except KeyboardInterrupt:
        console.error_line("interrupted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # The reader (head, a player) went away: not an error worth a traceback.
        sys.stderr.close()
        sys.exit(141)
    sys.exit(code if isinstance(code, int) else 0)
