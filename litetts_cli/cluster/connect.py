"""Joining a Ray cluster from the driver: the address forms, and errors a user can act on."""

from __future__ import annotations

import logging
import socket
from types import ModuleType

from litetts_cli.config import check_device
from litetts_cli.engine.device import DeviceChoice
from litetts_cli.errors import ClusterError, UsageError

PROBE_SECONDS = 10.0
DEFAULT_GPUS_PER_ACTOR = 0.25
"""Four engines share one GPU by default: one engine's Python and host-side work
overlaps the others' GPU work (``--gpus-per-actor``)."""
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


_state = {"owned": False, "devices": {}}
"""Whether :func:`connect` started this process's Ray connection (so :func:`disconnect`
ends it), and the device choices made for it."""


def connect(address: str) -> ModuleType:
    """Connect this process to the cluster as its driver; returns the ``ray`` module."""
    address = check_address(address)
    ray = import_ray()
    if ray.is_initialized():
        return ray
    _state["devices"].clear()
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
    _state["owned"] = True
    return ray


def disconnect() -> None:
    """End the connection :func:`connect` made (one made by the caller stays)."""
    ray = import_ray()
    if _state["owned"] and ray.is_initialized():
        ray.shutdown()
    _state["owned"] = False
    _state["devices"].clear()


def cluster_device(value: str, address: str) -> DeviceChoice:
    """``--device`` on a cluster: ``cuda`` is GPU actors on the cluster's GPUs (the
    driver needs none), ``auto`` is that when the cluster has GPUs, ``cpu`` CPU actors."""
    value = check_device(value)
    if value == "cpu":
        return DeviceChoice("cpu", "ray")
    if value.startswith("cuda:"):
        raise UsageError(f"--device {value} names a GPU of this machine; on a cluster Ray assigns the GPUs",
                         hint="use --device cuda (or auto) with --cluster; --gpus-per-actor sets the share")
    ray = connect(address)
    key = (value, address)
    if key not in _state["devices"]:
        gpus = gpu_slots(ray)
        if gpus <= 0 and value == "cuda":
            raise ClusterError(f"--device cuda: the Ray cluster at {address} has no GPUs",
                               hint="start GPU nodes with `ray start --num-gpus N`, or use --device cpu")
        _state["devices"][key] = DeviceChoice("cpu", "ray") if gpus <= 0 else DeviceChoice(
            "cuda", "ray", f"synthesizing on the Ray cluster's {gpus:g} GPU(s) with PyTorch")
    return _state["devices"][key]


def gpu_slots(ray: ModuleType) -> float:
    """GPUs the cluster has (all nodes together; Ray counts what `ray start` offers)."""
    return float(ray.cluster_resources().get("GPU", 0))


def cpu_slots(ray: ModuleType) -> int:
    """CPUs the cluster has for actors (all nodes together)."""
    return int(ray.cluster_resources().get("CPU", 0))
