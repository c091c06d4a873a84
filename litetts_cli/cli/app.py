"""The `litetts` command: sub-commands and the one place errors become exit codes."""

from __future__ import annotations

import os
import signal
import sys
import threading
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
    from litetts_cli.cli import batch, benchmark, book, cache, models, serve, synth, voices
    from litetts_cli.cli.normalize_cmd import normalize_command

    app.command("synth", no_args_is_help=True)(synth.synth_command)
    app.command("book", no_args_is_help=True)(book.book_command)
    app.command("batch", no_args_is_help=True)(batch.batch_command)
    app.command("normalize", no_args_is_help=True)(normalize_command)
    app.add_typer(voices.app, name="voices")
    app.add_typer(models.app, name="models")
    app.command("benchmark")(benchmark.benchmark_command)
    app.add_typer(cache.app, name="cache")
    app.command("serve")(serve.serve_command)


_register()


_CLICK_ERRORS = tuple({click.ClickException, *(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")})
"""Typer raises its own vendored click's exceptions, not click's: catch both kinds."""


def _usage_line(exc: Exception) -> str:
    """A click usage error as one line: what was wrong and where to read the help."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "litetts"
    line = " ".join(message.split())
    text = str(exc)
    if "No such option: -" in text and not text.startswith("No such option: --"):
        # A file or text that starts with "-" reads as options; "--" ends the options.
        return f"{line} (to pass a file or text that starts with '-', put -- before it: {command} -- -FILE)"
    return f"{line} (see {command} --help)"


def _terminate(signum, frame) -> None:
    """SIGTERM unwinds like Ctrl-C, so sinks and temporary folders are cleaned up."""
    raise KeyboardInterrupt


def _exit_interrupted() -> None:
    """Exit 130 at once, once the interrupted command has unwound (its sinks and temporary
    folders are cleaned up by then): a normal interpreter exit could tear ONNX Runtime down
    under an engine thread still inside a run, which aborts ("terminate called without an
    active exception", exit -6) instead of exiting 130."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(130)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the app, turn every error into one line and an exit code.

    Argument errors exit 2, other errors 1, interruptions (Ctrl-C, SIGTERM) 130; no
    traceback reaches the terminal unless ``LITETTS_DEBUG`` is set.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    console.errors_shown = 0
    try:
        code = app(args=list(argv) if argv is not None else None, standalone_mode=False)
    except LitettsError as exc:
        console.error_line(exc.one_line())
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, typer.Abort, KeyboardInterrupt):
        console.error_line("interrupted")
        _exit_interrupted()
    except _CLICK_ERRORS as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # the command's help, asked for by giving no arguments
            sys.exit(2)
        if exc.exit_code == 2 or isinstance(exc, (click.UsageError, typer.BadParameter)):
            console.error_line(_usage_line(exc))
            sys.exit(2)
        console.error_line(" ".join(exc.format_message().split()))
        sys.exit(exc.exit_code or 1)
    except BrokenPipeError:
        # The reader (head, a player) went away: not an error worth a traceback.
        sys.stderr.close()
        sys.exit(141)
    except OSError as exc:
        # What the system refused (a name too long, a full disk) is the user's to fix.
        where = f" {exc.filename}" if exc.filename else ""
        console.error_line(f"cannot use{where}: {exc.strerror or exc}")
        sys.exit(1)
    except RecursionError:
        console.error_line("the input is nested too deeply to read (simplify or split it)")
        sys.exit(1)
    except MemoryError:
        console.error_line("out of memory (the input is too large; split it, or lower --max-input-size)")
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("LITETTS_DEBUG"):
            raise
        console.error_line(
            f"internal error: {type(exc).__name__}: {exc} "
            "(please report it; LITETTS_DEBUG=1 shows the traceback)"
        )
        sys.exit(1)
    if code == 130 and not console.errors_shown:
        # Typer turns Ctrl-C (and our SIGTERM) into a silent exit 130: say why.
        console.error_line("interrupted")
    if code == 130:
        _exit_interrupted()
    sys.exit(code if isinstance(code, int) else 0)
