"""`serve_command` as a user runs it: a process listening on 127.0.0.1, the API key from
the environment, a clean exit on Ctrl-C.

The command is mounted on a one-command Typer app here; ``litetts serve`` is the same
function registered on the main app.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading

import httpx
import pytest
import typer
from typer.testing import CliRunner

from litetts_cli.cli.serve import serve_command
from litetts_cli.errors import UsageError, VoiceNotFound
from tests.serve.conftest import SAMPLE_RATE, client_for, decode

SERVE = [sys.executable, "-m", "litetts_cli", "serve"]


def one_command_app() -> typer.Typer:
    app = typer.Typer()
    app.command()(serve_command)
    return app


def test_serve_process_uses_the_key_from_the_environment_and_stops_on_ctrl_c(tmp_home, tmp_path):
    env = {**os.environ, "LITETTS_API_KEY": "sk-from-env"}
    process = subprocess.Popen(
        [*SERVE, "--host", "127.0.0.1", "--port", "0", "--log-level", "info"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
    )
    try:
        found: list[str] = []
        output: list[str] = []

        def read_until_listening() -> None:
            for line in process.stdout:
                output.append(line)
                match = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line)
                if match:
                    found.append(match[1])
                    return

        reader = threading.Thread(target=read_until_listening, daemon=True)
        reader.start()
        reader.join(180)
        assert found, f"the server did not start: {''.join(output)}"
        url = found[0]
        assert any("API key required" in line for line in output), output

        assert httpx.get(f"{url}/health", timeout=30).status_code == 200
        assert httpx.get(f"{url}/v1/models", timeout=30).status_code == 401
        client = client_for(url, api_key="sk-from-env")
        speech = client.audio.speech.create(model="tts-1", voice="alloy", input="From the command.", response_format="flac")
        assert len(decode(speech.content, "flac", tmp_path)) / SAMPLE_RATE > 0.5

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_a_bad_default_voice_fails_before_loading_anything(tmp_home):
    result = CliRunner().invoke(one_command_app(), ["--voice", "af_nobody", "--port", "0"])
    assert isinstance(result.exception, VoiceNotFound)
    assert "unknown voice 'af_nobody'" in str(result.exception)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--log-level", "loud"], "unknown log level"),
        (["--api-key", "  "], "the API key is empty"),
    ],
)
def test_bad_options_are_usage_errors(tmp_home, args, message):
    result = CliRunner().invoke(one_command_app(), [*args, "--port", "0"])
    assert isinstance(result.exception, UsageError)
    assert message in str(result.exception)
