"""The architecture, checked: no private name imported from another module (issue 15).

The layer order and the absence of cycles are import-linter contracts in pyproject.toml
(``lint-imports``, run by ``make test``); this adds what import-linter cannot see.
"""

from __future__ import annotations

import ast
from pathlib import Path

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
