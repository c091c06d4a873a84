"""The architecture, checked: no private name imported from another module, no module
over 400 lines, no function over 60 lines in book/, serve/ and engine/ (issue 15).

The layer order and the absence of cycles are import-linter contracts in pyproject.toml
(``lint-imports``, run by ``make test``); this adds what import-linter cannot see.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import litetts_cli

PACKAGE = Path(litetts_cli.__file__).parent


def private_imports(source: str, module: str) -> list[str]:
    """``from litetts_cli.x import _name`` (or ``import litetts_cli.x._mod``) in ``source``,
    where ``x`` is another module than ``module``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("litetts_cli"):
            if node.module == module:
                continue
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_") and a.name != "__version__"]
    return found


def test_the_check_finds_a_private_import():
    source = "from litetts_cli.encode.ffmpeg import _tail, probe\nfrom litetts_cli import __version__\n"
    assert private_imports(source, "litetts_cli.encode.sink") == ["litetts_cli.encode.ffmpeg._tail"]


def test_no_module_imports_another_modules_private_names():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found = private_imports(path.read_text("utf-8"), module)
        if found:
            offenders[module] = found
    assert offenders == {}


MAX_MODULE_LINES = 400


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


MAX_FUNCTION_LINES = 60
SHORT_FUNCTION_PACKAGES = ("book", "serve", "engine")
"""Where the work of a command happens: its functions read as named steps."""


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> dict[str, int]:
    """Functions and methods in ``source`` longer than ``limit`` lines, counted from the
    first decorator to the last line (docstring included), by qualified name."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = prefix
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                lines = child.end_lineno - first + 1
                name = f"{prefix}{child.name}"
                if lines > limit:
                    found[name] = lines
                name += "."
            elif isinstance(child, ast.ClassDef):
                name = f"{prefix}{child.name}."
            visit(child, name)

    visit(ast.parse(source), "")
    return found


def test_the_check_finds_a_long_function():
    body = "".join(f"    x{i} = {i}\n" for i in range(58))
    source = (
        "@decorated\ndef just_right():\n" + body
        + "class Holder:\n    def method(self):\n        def inner():\n"
        + "".join(f"            y{i} = {i}\n" for i in range(60)) + "        return inner\n"
    )
    # 1 decorator + 1 def + 58 statements: exactly 60, allowed; inner is 61 and its method 63.
    assert long_functions(source) == {"Holder.method": 63, "Holder.method.inner": 61}


@pytest.mark.parametrize("package", SHORT_FUNCTION_PACKAGES)
def test_no_function_is_over_60_lines(package):
    long = {
        f"{path.relative_to(PACKAGE)}:{name}": lines
        for path in sorted((PACKAGE / package).rglob("*.py"))
        for name, lines in long_functions(path.read_text("utf-8")).items()
    }
    assert long == {}, f"split these into named steps of at most {MAX_FUNCTION_LINES} lines: {long}"
