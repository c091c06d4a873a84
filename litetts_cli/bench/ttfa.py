"""Time to first audio: what a user waits between pressing Enter and hearing speech.

``litetts synth - -o - --format pcm`` runs as a fresh process with the text on stdin;
the clock runs from starting the process (interpreter start-up, imports and model load
included) to its first bytes of audio on stdout. The process is then stopped: the rest
of the audio is not needed.
"""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time

from litetts_cli.config import Settings
from litetts_cli.errors import FirstAudioError

FIRST_AUDIO_TIMEOUT = 180.0



def synth_command(settings: Settings, *, model: str, voice: str, threads: int, speed: float,
                  device: str = "cpu") -> list[str]:
    """The `litetts synth` command line the benchmark times, with this run's store."""
    command = [sys.executable, "-m", "litetts_cli", "--home", str(settings.home)]
    if settings.config_file is not None:
        command += ["--config", str(settings.config_file)]
    return command + [
        "synth", "-", "-o", "-", "--format", "pcm", "--no-cache",
        "--model", model, "--voice", voice, "--threads", str(threads), "--speed", str(speed), "--device", device,
    ]


def time_to_first_audio(command: list[str], text: str, timeout: float = FIRST_AUDIO_TIMEOUT) -> float:
    """Seconds from starting ``command`` to its first stdout bytes."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        try:
            process.stdin.write(text.encode("utf-8"))
            process.stdin.close()
        except BrokenPipeError:
            pass
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while True:
                remaining = timeout - (time.perf_counter() - started)
                if remaining <= 0:
                    raise FirstAudioError(
                        f"`litetts synth` gave no audio within {timeout:.0f} s",
                        hint="run the same text with `litetts synth` to see why",
                    )
                if selector.select(timeout=remaining):
                    data = os.read(process.stdout.fileno(), 65536)
                    if data:
                        return time.perf_counter() - started
                    break  # end of stream without audio
        process.wait(timeout=30)
        lines = process.stderr.read().decode("utf-8", errors="replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit code {process.returncode}"
        raise FirstAudioError(
            f"`litetts synth` ended without audio ({detail})",
            hint="run `litetts synth` on the recipe's first text to reproduce",
        )
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdout, process.stderr):
            stream.close()
