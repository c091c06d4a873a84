"""GPU actors on a real Ray node that offers one logical GPU (`ray start --num-gpus 1`).

This machine has no CUDA, so the test shows the placement Ray does (four actors of a
quarter GPU each, all on GPU 0) and that an engine with a GPU but no CUDA behind it
fails with its reason instead of quietly running on the CPU.
"""

from __future__ import annotations

import subprocess

import pytest

from litetts_cli.cluster import RayBackend
from litetts_cli.cluster.connect import connect
from litetts_cli.engine.device import TORCH_MODEL
from litetts_cli.engine.jobs import PoolSetup
from litetts_cli.errors import ClusterError
from litetts_cli.speech import model_path
from tests.batch.books import LITETTS, make_library
from tests.cluster.local_ray import start_cluster

NO_CUDA = "PyTorch there sees no CUDA device"


@pytest.fixture(scope="module")
def gpu_node():
    cluster = start_cluster(nodes=1, cpus=4, gpus=1)
    try:
        yield cluster
    finally:
        cluster.stop()


def test_four_quarter_gpu_actors_share_the_one_gpu(gpu_node, installed_settings):
    from dataclasses import replace

    model = model_path(replace(installed_settings, model=TORCH_MODEL))
    backend = RayBackend(PoolSetup(model_path=str(model), device="cuda"), gpu_node.address, gpus_per_actor=0.25)
    try:
        assert backend.workers == 4  # one GPU / 0.25
        with pytest.raises(ClusterError, match=NO_CUDA):
            backend.start()
        assert backend.gpu_ids == [["0"]] * 4  # what Ray assigned each actor
        assert connect(gpu_node.address).available_resources().get("GPU", 0) == 0  # all four hold their quarter
    finally:
        backend.close()


def test_auto_on_a_cluster_with_gpus_picks_them_and_says_why_it_cannot(gpu_node, tmp_home, tmp_path):
    book = make_library(tmp_path / "books", corrupt=False) / "garden.txt"
    out = tmp_path / "garden.m4b"
    result = subprocess.run(LITETTS + ["book", str(book), "-o", str(out), "--cluster", gpu_node.address,
                                       "--device", "auto", "--gpus-per-actor", "0.5"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert NO_CUDA in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not out.exists()
