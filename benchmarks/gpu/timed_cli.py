"""``python -m litetts_cli ARGS`` with two more clock readings on stderr: when the
conversion returned to the command, and when the interpreter began to exit (what the
command does after the M4B is written: its JSON summary, closing pools, torch's teardown).

    python benchmarks/gpu/timed_cli.py book BOOK.epub --device cuda ...
"""

from __future__ import annotations

import atexit
import runpy
import sys
import time

STARTED = time.perf_counter()


def _say(what: str) -> None:
    print(f"[timed_cli] {what} at {time.perf_counter() - STARTED:.2f} s", file=sys.stderr, flush=True)


def main() -> None:
    import litetts_cli.book.pipelined as pipelined

    convert = pipelined.convert_book

    def timed(*args, **kwargs):
        try:
            return convert(*args, **kwargs)
        finally:
            _say("conversion returned")

    pipelined.convert_book = timed
    atexit.register(_say, "interpreter exiting")
    sys.argv = ["litetts", *sys.argv[1:]]
    runpy.run_module("litetts_cli", run_name="__main__")


if __name__ == "__main__":
    main()
