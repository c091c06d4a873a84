"""Synthesis on a Ray cluster: engines held by long-lived actors, results back to the driver.

:class:`RayBackend` is one implementation of the engine pool's backend protocol
(``engine.jobs.SynthesisBackend``). Ray is an optional extra (``pip install
'litetts[ray]'``); nothing here imports it until a command asks for ``--cluster``.
"""

from litetts_cli.cluster.backend import RayBackend

__all__ = ["RayBackend"]
