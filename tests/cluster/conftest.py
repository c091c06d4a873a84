"""One real two-node Ray cluster for this folder's tests, stopped at the end even on failure."""

from __future__ import annotations

import pytest

from tests.cluster.local_ray import start_cluster


@pytest.fixture(scope="module")
def ray_cluster():
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()
