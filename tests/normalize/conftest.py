"""Shared fixtures: a strict normalizer, so a bug raises here instead of being swallowed."""

from __future__ import annotations

import pytest

from litetts_cli.normalize import NormalizeOptions, Normalizer


@pytest.fixture(scope="session")
def normalize():
    return Normalizer(NormalizeOptions(strict=True)).normalize


@pytest.fixture(scope="session")
def normalize_gb():
    return Normalizer(NormalizeOptions(language="en-gb", strict=True)).normalize
