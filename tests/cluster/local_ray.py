"""A real two-node Ray cluster on this machine, for tests: started, found, stopped.

Two ``ray start`` processes, a head and a worker node, each with its own CPU and a
private temporary folder, so nothing here touches another Ray on the machine. Stopping
kills exactly the processes of this cluster (found by that folder and port, with their
children), never every Ray process by name as ``ray stop`` would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

RAY = str(Path(sys.executable).with_name("ray"))
SECOND_NODE = "litetts_second_node"
"""A custom resource only the second node has: how tests tell its processes apart."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LocalCluster:
    temp_dir: Path
    gcs_port: int
    client_port: int

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.gcs_port}"

    @property
    def client_address(self) -> str:
        return f"ray://127.0.0.1:{self.client_port}"

    def env(self) -> dict[str, str]:
        """The environment of a driver that joins with ``--cluster auto``."""
        return {**os.environ, "RAY_ADDRESS": self.address, "RAY_USAGE_STATS_ENABLED": "0"}

    def processes(self) -> list[psutil.Process]:
        """Every process of this cluster: those naming its folder or port, and their children."""
        marks = (str(self.temp_dir), f":{self.gcs_port}")
        roots = []
        for process in psutil.process_iter(["cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or [])
            if any(mark in cmdline for mark in marks) and process.pid != os.getpid():
                roots.append(process)
        found = {p.pid: p for p in roots}
        for root in roots:
            try:
                found.update({c.pid: c for c in root.children(recursive=True)})
            except psutil.NoSuchProcess:
                pass
        return list(found.values())

    def raylet(self, second: bool) -> psutil.Process:
        for process in self.processes():
            try:
                cmdline = " ".join(process.cmdline())
            except psutil.NoSuchProcess:
                continue
            if "/raylet/raylet" in cmdline and (SECOND_NODE in cmdline) == second:
                return process
        raise AssertionError("the cluster's raylet is not running")

    def actors(self, second: bool = True) -> list[psutil.Process]:
        """The engine actors' processes on one node (Ray titles them ``ray::SynthActor``)."""
        found = []
        for child in self.raylet(second).children():
            try:
                if child.cmdline() and child.cmdline()[0].startswith("ray::SynthActor"):
                    found.append(child)
            except psutil.NoSuchProcess:
                pass
        return found

    def stop(self) -> None:
        processes = self.processes()
        for process in processes:
            try:
                process.terminate()
            except psutil.NoSuchProcess:
                pass
        _, alive = psutil.wait_procs(processes, timeout=10)
        for process in alive:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass


def start_cluster(nodes: int = 2, cpus: int = 1, gpus: int | None = None) -> LocalCluster:
    """A head and (with ``nodes=2``) a second node, ``cpus`` CPUs each, so 1 vs 2 nodes is
    1 vs 2 CPUs of synthesis on this 2-core machine. ``gpus`` is what the head offers
    (``ray start --num-gpus``: logical GPUs, real or not; None lets Ray count them)."""
    cluster = LocalCluster(Path(tempfile.mkdtemp(prefix="ltray", dir="/tmp")), free_port(), free_port())
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    common = ["--num-cpus", str(cpus), "--object-store-memory", str(300 * 1024 * 1024), "--disable-usage-stats"]
    head_gpus = [] if gpus is None else ["--num-gpus", str(gpus)]
    try:
        subprocess.run(
            [RAY, "start", "--head", "--node-ip-address", "127.0.0.1", "--port", str(cluster.gcs_port),
             "--ray-client-server-port", str(cluster.client_port), "--include-dashboard=false",
             "--temp-dir", str(cluster.temp_dir), *head_gpus, *common],
            check=True, capture_output=True, text=True, env=env, timeout=180,
        )
        for _ in range(nodes - 1):
            subprocess.run(
                [RAY, "start", "--address", cluster.address, "--node-ip-address", "127.0.0.1",
                 "--resources", f'{{"{SECOND_NODE}": 1}}', *common],
                check=True, capture_output=True, text=True, env=env, timeout=180,
            )
    except subprocess.CalledProcessError as exc:
        cluster.stop()
        raise AssertionError(f"ray start failed: {exc.stderr[-2000:]}") from None
    except BaseException:
        cluster.stop()
        raise
    return cluster


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def kill(process: psutil.Process) -> None:
    os.kill(process.pid, signal.SIGKILL)
