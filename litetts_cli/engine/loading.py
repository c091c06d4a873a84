"""An engine that loads in the background while the text is prepared (issue 12: first audio).

Creating an ONNX Runtime session (reading the model, or its saved optimized graph, and
setting up kernels) runs in C++ without Python's global lock, so it overlaps with what the
main thread does meanwhile: importing the normalizer and the phonemizer, normalizing the
text and phonemizing the first chunk. On two cores both finish in about the time of the
longer one instead of their sum.

The loading engine stands in for the engine itself (:class:`~litetts_cli.engine.render.AudioEngine`):
the first call that needs it waits for the load, and a load that failed raises its error
there, in the caller's thread. Leaving the ``with`` block always waits for the load, so no
thread is left running inside the model loader when the process exits.
"""

from __future__ import annotations

import threading
from typing import Callable, Sequence

import numpy as np


class LoadingEngine:
    """``load()`` running in a background thread; behaves as its result once awaited."""

    def __init__(self, load: Callable[[], object]):
        self._engine: object | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(load,), name="litetts-engine-load", daemon=True)
        self._thread.start()

    def _run(self, load: Callable[[], object]) -> None:
        try:
            self._engine = load()
        except BaseException as exc:  # handed to the thread that asks for the engine
            self._error = exc

    def result(self) -> object:
        """The loaded engine (waits for it); raises what the load raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._engine

    def synthesize(self, token_ids: Sequence[int], style: np.ndarray, speed: float = 1.0) -> np.ndarray:
        return self.result().synthesize(token_ids, style, speed)

    def __getattr__(self, name: str):
        # Only names this class lacks land here (``synthesize_timed``, ``model_path``...):
        # the loaded engine's own, so callers that probe for a method see what it has.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.result(), name)

    def __enter__(self) -> "LoadingEngine":
        return self

    def __exit__(self, *exc_info) -> None:
        self._thread.join()
