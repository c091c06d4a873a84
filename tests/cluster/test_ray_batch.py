"""`litetts batch --cluster` on a real two-node Ray cluster started on this machine.

Few tests, each doing real work: the cluster's output equals the local pool's; an
actor process SIGKILLed mid-batch is restarted by Ray and every book still finishes the
same; a killed driver's rerun reuses the chunks it had.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from tests.batch.books import LITETTS, chapters_by_book, make_library, run_batch
from tests.cluster.local_ray import kill, wait_for


def cache_entries(cache: Path) -> int:
    return len(list(cache.glob("*/*.ltc")))


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return make_library(tmp_path_factory.mktemp("shelf") / "books", corrupt=False)


@pytest.fixture(scope="module")
def local_reference(library, tmp_path_factory, installed_settings):
    """The same books through this machine's own pool."""
    tmp = tmp_path_factory.mktemp("local")
    env = {**os.environ, "LITETTS_CONFIG": str(tmp / "none.toml")}
    code, summary, stderr = run_batch(str(library), "-o", str(tmp / "out"), "--cache-dir", str(tmp / "cache"),
                                      "--workers", "2", env=env)
    assert code == 0, stderr
    return chapters_by_book(summary)


def test_a_batch_on_two_nodes_equals_the_local_pool(ray_cluster, library, local_reference, tmp_home, tmp_path):
    damaged = tmp_path / "damaged.epub"
    damaged.write_bytes(b"PK\x03\x04 this zip was cut short")
    # Ray Client (ray://): the driver needs no Ray node of its own, and no shared disk.
    code, summary, stderr = run_batch(str(library), str(damaged), "-o", str(tmp_path / "out"),
                                      "--cache-dir", str(tmp_path / "cache"), "--cluster", ray_cluster.client_address)
    assert code == 1 and "Traceback" not in stderr
    assert summary["workers"] == 2  # one actor on each node's CPU
    assert [b["status"] for b in summary["books"]] == ["done", "done", "done", "failed"]
    assert "damaged.epub" in summary["books"][-1]["error"]
    assert chapters_by_book(summary) == local_reference


def test_one_book_on_two_nodes_equals_the_local_pool(ray_cluster, library, local_reference, tmp_home, tmp_path):
    # `litetts book --cluster` runs the same Ray pool as a batch: one big book over every node.
    result = subprocess.run(LITETTS + ["book", str(library / "harbour.md"), "-o", str(tmp_path / "harbour.m4b"),
                                       "--cache-dir", str(tmp_path / "cache"), "--cluster", ray_cluster.client_address,
                                       "--json"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["workers"] == 2 and summary["synthesized_chunks"] == sum(c["chunks"] for c in summary["chapters"])
    assert [(c["title"], c["audio_seconds"]) for c in summary["chapters"]] == local_reference["harbour"]


@pytest.mark.parametrize("device, reason", [
    ("cuda", "the Ray cluster at .* has no GPUs"),
    ("cuda:1", "names a GPU of this machine; on a cluster Ray assigns the GPUs"),
])
def test_gpu_devices_a_cluster_cannot_honour_are_refused(ray_cluster, library, device, reason, tmp_home, tmp_path):
    out = tmp_path / "garden.m4b"
    result = subprocess.run(LITETTS + ["book", str(library / "garden.txt"), "-o", str(out), "--device", device,
                                       "--cluster", ray_cluster.address], capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert re.search(reason, result.stderr), result.stderr
    assert not out.exists()


@pytest.mark.parametrize("options, reason", [
    (["--workers", "3"], r"--workers 3 asks the Ray cluster at \S+ for 3 CPUs; it has 2 CPUs.*--workers 2 or fewer"),
    (["--workers", "2", "--threads", "2"], r"--workers 2 asks .* for 4 CPUs; it has 2 CPUs.*--workers 1 or fewer"),
])
def test_more_workers_than_the_cluster_holds_are_refused_at_once(ray_cluster, library, options, reason,
                                                                 tmp_home, tmp_path):
    # Ray would leave the actors it cannot place pending, and the batch waiting for them forever.
    out = tmp_path / "out"
    result = subprocess.run(LITETTS + ["batch", str(library), "-o", str(out), "--cluster", ray_cluster.address,
                                       *options], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert re.search(reason, " ".join(result.stderr.split())), result.stderr
    assert not any(out.rglob("*.m4b"))


def test_sigkill_of_an_actor_mid_batch_still_finishes_every_book(ray_cluster, library, local_reference, tmp_home, tmp_path):
    cache = tmp_path / "cache"
    driver = subprocess.Popen(
        LITETTS + ["batch", str(library), "-o", str(tmp_path / "out"), "--cache-dir", str(cache),
                   "--cluster", "auto", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ray_cluster.env(),
    )
    try:
        wait_for(lambda: ray_cluster.actors() and cache_entries(cache) >= 1 or driver.poll() is not None,
                 600, "the second node's actor to synthesize")
        assert driver.poll() is None, "the batch finished before the actor could be killed"
        [victim] = ray_cluster.actors()
        kill(victim)
        # Ray restarts the actor on its node; the chunks it held are sent again.
        wait_for(lambda: any(a.pid != victim.pid for a in ray_cluster.actors()) or driver.poll() is not None,
                 300, "Ray to restart the killed actor")
        restarted = driver.poll() is None
        stdout, stderr = driver.communicate(timeout=600)
    finally:
        if driver.poll() is None:
            driver.kill()
    assert driver.returncode == 0, stderr
    assert restarted, "the batch ended without the killed actor coming back"
    summary = json.loads(stdout)
    assert [b["status"] for b in summary["books"]] == ["done", "done", "done"]
    assert chapters_by_book(summary) == local_reference


def test_a_killed_driver_reruns_and_reuses_finished_chunks(ray_cluster, library, local_reference, tmp_home, tmp_path):
    cache = tmp_path / "cache"
    args = ["batch", str(library), "-o", str(tmp_path / "out"), "--cache-dir", str(cache), "--cluster", "auto"]
    driver = subprocess.Popen(LITETTS + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=ray_cluster.env())
    try:
        wait_for(lambda: cache_entries(cache) >= 3 or driver.poll() is not None, 600, "three finished chunks")
        assert driver.poll() is None, "the batch finished before the driver could be killed"
    finally:
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait()
    kept = cache_entries(cache)
    # Ray ends a dead driver's actors: none is left holding a CPU the rerun needs.
    wait_for(lambda: not ray_cluster.actors(True) and not ray_cluster.actors(False), 60,
             "the killed driver's actors to go")

    code, summary, stderr = run_batch(*args[1:], env=ray_cluster.env())
    assert code == 0, stderr
    assert sum(b["reused_chunks"] for b in summary["books"]) >= kept >= 3
    assert chapters_by_book(summary) == local_reference
