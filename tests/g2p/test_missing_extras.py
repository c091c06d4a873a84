"""Without the optional Japanese or Chinese frontend installed, a Japanese or Chinese
voice fails with one line that says which extra to install (issue 18)."""

import sys

import pytest

from litetts_cli.errors import G2PError
from litetts_cli.g2p import chinese, japanese


@pytest.mark.parametrize(
    "module, loader, hidden, text, extra",
    [
        (japanese, "_cutlet", "misaki.cutlet", "こんにちは", "litetts[ja]"),
        (chinese, "_frontend", "misaki.zh", "你好", "litetts[zh]"),
    ],
)
def test_a_missing_frontend_names_its_extra(monkeypatch, module, loader, hidden, text, extra):
    cached = getattr(module, loader)
    cached.cache_clear()
    monkeypatch.setitem(sys.modules, hidden, None)  # import fails as if not installed
    try:
        with pytest.raises(G2PError) as error:
            module.phonemize(text)
        assert f"pip install '{extra}'" in error.value.one_line()
        assert "\n" not in error.value.one_line()
    finally:
        monkeypatch.undo()
        cached.cache_clear()
    assert module.phonemize(text)  # and it works again once installed
