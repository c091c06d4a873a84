from pathlib import Path

import pytest

from litetts_cli.config import resolve
from litetts_cli.errors import UsageError


@pytest.fixture()
def config_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('voice = "bf_emma"\nspeed = 1.2\nthreads = 3\nfuture_key = 1\n')
    return path


@pytest.mark.parametrize(
    "cli, env, expected_voice, expected_speed",
    [
        ({}, {}, "bf_emma", 1.2),  # config file
        ({}, {"LITETTS_VOICE": "am_puck"}, "am_puck", 1.2),  # env beats file
        ({"voice": "af_sky"}, {"LITETTS_VOICE": "am_puck"}, "af_sky", 1.2),  # CLI beats env
        ({"speed": 0.8}, {"LITETTS_SPEED": "1.5"}, "bf_emma", 0.8),
        ({"voice": None}, {}, "bf_emma", 1.2),  # None means "not given"
    ],
)
def test_precedence(config_file, cli, env, expected_voice, expected_speed):
    settings = resolve({**cli, "config_file": config_file}, env={**env, "LITETTS_HOME": "/tmp/h"})
    assert (settings.voice, settings.speed) == (expected_voice, expected_speed)
    assert settings.threads == 3
    assert settings.extra == {"future_key": 1}


def test_defaults_and_derived_paths(tmp_path):
    settings = resolve({"config_file": tmp_path / "none.toml"}, env={"LITETTS_HOME": str(tmp_path)})
    assert settings.voice == "af_heart" and settings.speed == 1.0
    assert settings.cache_dir == tmp_path / "cache"
    assert settings.models_dir == Path(tmp_path) / "models"


@pytest.mark.parametrize(
    "cli, env",
    [
        ({"speed": 3.0}, {}),
        ({}, {"LITETTS_SPEED": "fast"}),
        ({}, {"LITETTS_THREADS": "two"}),
    ],
)
def test_bad_values_are_usage_errors(tmp_path, cli, env):
    with pytest.raises(UsageError):
        resolve({**cli, "config_file": tmp_path / "none.toml"}, env=env)


def test_broken_config_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "config.toml"
    bad.write_text("voice = ")
    with pytest.raises(UsageError, match="config file"):
        resolve({"config_file": bad}, env={})


@pytest.mark.parametrize(
    "cli, env, expected",
    [
        ({}, {}, None),
        ({}, {"LITETTS_API_KEY": "sk-env"}, "sk-env"),
        ({"api_key": "sk-cli"}, {"LITETTS_API_KEY": "sk-env"}, "sk-cli"),
    ],
)
def test_the_server_key_resolves_like_every_setting_and_stays_out_of_reprs(tmp_path, cli, env, expected):
    settings = resolve({**cli, "config_file": tmp_path / "none.toml"}, env={"LITETTS_HOME": str(tmp_path), **env})
    assert settings.api_key == expected
    assert "sk-" not in repr(settings)
