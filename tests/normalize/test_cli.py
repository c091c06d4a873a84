"""``litetts normalize``: argument, file or stdin in, normalized text out."""

from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from litetts_cli.cli.normalize_cmd import normalize_command
from litetts_cli.errors import UsageError

app = typer.Typer()
app.command(name="normalize")(normalize_command)


@app.callback()
def _root(verbose: Annotated[bool, typer.Option()] = False) -> None:
    """A stand-in for the real app, so the command is called as a subcommand."""


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, ["normalize", *args], input=stdin)


def test_text_argument():
    result = run("Dr. Smith paid $5.")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Doctor Smith paid five dollars.\n"


def test_file_argument(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("Chapter IV\n\nIt cost £2.", encoding="utf-8")
    result = run(str(path))
    assert result.stdout == "Chapter four\n\nIt cost two pounds.\n"


def test_stdin_dash():
    result = run("-", stdin="I have read 3 books.\n")
    assert result.stdout == "I have [read](/ɹˈɛd/) three books.\n"


def test_options():
    result = run("--date-order", "eu", "--language", "en-gb", "--disable", "homographs", "12/11/2023 read")
    assert result.stdout == "the twelfth of November, twenty twenty-three read\n"


def test_rules_file(tmp_path):
    rules = tmp_path / "lexicon.toml"
    rules.write_text('[normalize.replace]\n"Kokoro" = "Ko ko ro"\n', encoding="utf-8")
    assert run("--rules", str(rules), "Kokoro 2").stdout == "Ko ko ro two\n"


@pytest.mark.parametrize("args, stdin", [(("",), None), (("   \n",), None), (("-",), "")])
def test_empty_input_is_a_usage_error(args, stdin):
    result = run(*args, stdin=stdin)
    assert isinstance(result.exception, UsageError)


def test_unknown_category_is_a_usage_error():
    result = run("--disable", "nope", "text")
    assert isinstance(result.exception, UsageError)
