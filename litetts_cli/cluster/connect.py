"""Joining a Ray cluster from the driver: the address forms, and errors a user can act on."""

from __future__ import annotations

import logging
import socket
from types import ModuleType

from litetts_cli.errors import ClusterError

PROBE_SECONDS = 10.0
RAY_HINT = "install the extra on this machine and every node: pip install 'litetts[ray]'"


def import_ray() -> ModuleType:
    try:
        import ray
    except ImportError:
        raise ClusterError("--cluster needs Ray, which is not installed", hint=RAY_HINT) from None
    return ray


def check_address(address: str) -> str:
    """``auto``, ``ray://HOST:PORT`` (Ray Client) or ``HOST:PORT`` (a node's GCS)."""
    address = address.strip()
    if address == "auto":
        return address
    rest = address[len("ray://"):] if address.startswith("ray://") else address
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit() or "/" in rest:
        raise ClusterError(
            f"cluster address {address!r} is not auto, ray://HOST:PORT or HOST:PORT",
            hint="e.g. --cluster ray://10.0.0.5:10001, or --cluster auto on a node of the cluster",
        )
    return address


def _probe(address: str) -> None:
    """Fail in seconds, not minutes, when nothing listens at HOST:PORT (Ray retries long)."""
    if address == "auto":
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS).close()
    except OSError as exc:
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}",
            hint="start one with `ray start --head` (docs/cluster.md), or check the address, port and firewall",
        ) from None


def connect(address: str) -> ModuleType:
    """Connect this process to the cluster as its driver; returns the ``ray`` module."""
    address = check_address(address)
    ray = import_ray()
    if ray.is_initialized():
        return ray
    _probe(address)
    try:
        # log_to_driver off: actors' own logs stay on their nodes, our terminal shows ours.
        ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
    except (ConnectionError, TimeoutError, RuntimeError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ClusterError(
            f"cannot join the Ray cluster at {address}: {reason}",
            hint="start one with `ray start --head` (docs/cluster.md), or check the address and port",
        ) from None
    return ray


def cpu_slots(ray: ModuleType) -> int:
    """CPUs the cluster has for actors (all nodes together)."""
    return int(ray.cluster_resources().get("CPU", 0))
