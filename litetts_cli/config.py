"""Settings: frozen dataclasses and one :func:`resolve`.

Precedence is CLI > environment > config file > defaults. Only :func:`resolve` reads
the environment; library code receives a :class:`Settings` and never looks at
``os.environ`` itself.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

import platformdirs

from litetts_cli.errors import UsageError
from litetts_cli.limits import DEFAULT_LIMITS, InputLimits, parse_size, read_settings_file

BUNDLED_MODEL = "kokoro-v1.0-int8"
"""The int8 Kokoro file assembled from Python packages; the source of the default."""
DEFAULT_MODEL = "kokoro-v1.0-int8-int8-gemm"
"""The bundled file converted for speed (``litetts models convert int8-gemm``), about 2x
faster on CPU with audio within the convert check's bound; made on first use."""
DEFAULT_VOICE = "af_heart"
SPEED_RANGE = (0.5, 2.0)

ENV_PREFIX = "LITETTS_"


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about where things live and how to speak."""

    home: Path
    """The store: models, voices, custom voices and (by default) the audio cache."""
    cache_dir: Path
    """Content-addressed audio cache for synthesized chunks."""
    model: str = DEFAULT_MODEL
    model_given: bool = False
    """The model came from the command line, environment or config file: only then is
    it used as named; otherwise the model measured fastest on this CPU runs (issue 12)."""
    voice: str = DEFAULT_VOICE
    voice_given: bool = False
    """The voice came from the command line, environment or config file, not the
    default: only then does it override the language of the text (issue 18)."""
    speed: float = 1.0
    threads: int | None = None
    """ONNX Runtime intra-op threads per engine; None picks from the machine."""
    workers: int | None = None
    """Engine processes for long jobs; None picks from the machine."""
    lexicon: Path | None = None
    """User pronunciation dictionary (TOML)."""
    emoji: str = "drop"
    device: str = "auto"
    """Where synthesis runs: ``cpu`` (ONNX Runtime), ``cuda[:N]`` (the torch engine on a
    GPU), or ``auto``: a GPU when PyTorch is installed and sees one, else the CPU."""
    """Emoji and pictographs: ``drop`` them or read each by its ``name``."""
    limits: InputLimits = DEFAULT_LIMITS
    """How much input is read, unpacked and worked on (:mod:`limits`)."""
    cluster: str | None = None
    """A Ray cluster for synthesis: ``ray://HOST:PORT``, ``HOST:PORT`` or ``auto``; None is local."""
    api_key: str | None = field(default=None, repr=False)
    """The key ``litetts serve`` requires (``--api-key``, ``LITETTS_API_KEY``); kept out of reprs."""
    config_file: Path | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Config-file keys this version does not know, kept for the commands that do."""

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def voices_dir(self) -> Path:
        return self.home / "voices"

    @property
    def custom_voices_dir(self) -> Path:
        return self.home / "custom_voices"


def default_home() -> Path:
    return Path(platformdirs.user_cache_dir("litetts"))


def default_config_file() -> Path:
    return Path(platformdirs.user_config_dir("litetts")) / "config.toml"


_ENV_KEYS = {
    "home": "HOME",
    "cache_dir": "CACHE_DIR",
    "model": "MODEL",
    "voice": "VOICE",
    "speed": "SPEED",
    "threads": "THREADS",
    "workers": "WORKERS",
    "lexicon": "LEXICON",
    "emoji": "EMOJI",
    "device": "DEVICE",
    "api_key": "API_KEY",
    "max_input_size": "MAX_INPUT_SIZE",
    "max_unpacked_size": "MAX_UNPACKED_SIZE",
    "max_member_size": "MAX_MEMBER_SIZE",
    "max_epub_ratio": "MAX_EPUB_RATIO",
    "max_token_chars": "MAX_TOKEN_CHARS",
    "rule_timeout": "RULE_TIMEOUT",
    "cluster": "CLUSTER",
}
_TYPES: dict[str, type] = {
    "home": Path,
    "cache_dir": Path,
    "model": str,
    "voice": str,
    "speed": float,
    "threads": int,
    "workers": int,
    "lexicon": Path,
    "emoji": str,
    "device": str,
    "api_key": str,
    "max_input_size": "size",
    "max_unpacked_size": "size",
    "max_member_size": "size",
    "max_epub_ratio": int,
    "max_token_chars": int,
    "rule_timeout": float,
    "cluster": str,
}
_LIMIT_FIELDS = {
    "max_input_size": "max_input_bytes",
    "max_unpacked_size": "max_unpacked_bytes",
    "max_member_size": "max_member_bytes",
    "max_epub_ratio": "max_ratio",
    "max_token_chars": "max_token_chars",
    "rule_timeout": "rule_timeout_s",
}
"""Setting names (config keys, env LITETTS_<NAME>) -> :class:`InputLimits` fields."""


def _coerce(key: str, value: Any, origin: str) -> Any:
    kind = _TYPES[key]
    if kind == "size":
        try:
            return parse_size(value)
        except UsageError:
            raise UsageError(
                f"{origin}: {key} = {value!r} is not a size", hint=f"write {key} like 64M or 1G"
            ) from None
    try:
        if kind is Path:
            return Path(str(value)).expanduser()
        return kind(value)
    except (TypeError, ValueError):
        raise UsageError(
            f"{origin}: {key} = {value!r} is not a valid {getattr(kind, '__name__', kind)}",
            hint=f"fix or remove {key} in {origin}",
        ) from None


def load_config_file(path: Path) -> dict[str, Any]:
    """Read a TOML config file; a missing file is an empty config."""
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(read_settings_file(path).decode("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"cannot read config file {path}: {exc}", hint="fix the TOML or remove the file"
        ) from None


def resolve(
    cli: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Merge CLI options, environment and the config file into :class:`Settings`.

    Args:
        cli: options given on the command line; ``None`` values mean "not given".
        env: the environment (``os.environ`` when omitted); injectable for tests.
    """
    cli = {k: v for k, v in (cli or {}).items() if v is not None}
    env = os.environ if env is None else env

    config_path = Path(env[f"{ENV_PREFIX}CONFIG"]) if f"{ENV_PREFIX}CONFIG" in env else None
    config_path = Path(cli.pop("config_file", None) or config_path or default_config_file())
    file_values = load_config_file(config_path)

    merged: dict[str, Any] = {}
    known = set(_TYPES)
    for key in known:
        if key in cli:
            merged[key] = _coerce(key, cli[key], "command line")
        elif f"{ENV_PREFIX}{_ENV_KEYS[key]}" in env:
            name = f"{ENV_PREFIX}{_ENV_KEYS[key]}"
            merged[key] = _coerce(key, env[name], f"environment variable {name}")
        elif key in file_values:
            merged[key] = _coerce(key, file_values[key], str(config_path))

    home = merged.pop("home", None) or default_home()
    cache_dir = merged.pop("cache_dir", None) or home / "cache"
    extra = {k: v for k, v in file_values.items() if k not in known}
    settings = Settings(home=home, cache_dir=cache_dir, config_file=config_path, extra=extra)
    limits = {_LIMIT_FIELDS[k]: merged.pop(k) for k in list(merged) if k in _LIMIT_FIELDS}
    merged["voice_given"] = "voice" in merged
    merged["model_given"] = "model" in merged
    settings = replace(settings, limits=replace(DEFAULT_LIMITS, **limits), **merged)
    check_speed(settings.speed)
    check_device(settings.device)
    return settings


def with_model(settings: Settings, model: str) -> Settings:
    """``settings`` running exactly ``model`` (as if the user had named it)."""
    return replace(settings, model=model, model_given=True)


def check_device(device: str) -> str:
    """``auto``, ``cpu``, ``cuda`` or ``cuda:N``; anything else is a usage error."""
    if not re.fullmatch(r"auto|cpu|cuda(:\d+)?", device):
        raise UsageError(f"unknown device {device!r}", hint="use auto, cpu, cuda or cuda:N")
    return device


def check_speed(speed: float) -> float:
    low, high = SPEED_RANGE
    if not low <= speed <= high:  # NaN compares false both ways, so it lands here too
        raise UsageError(f"speed {speed} is out of range", hint=f"use a value from {low} to {high}")
    return speed


__all__ = ["Settings", "resolve", "with_model", "check_speed", "check_device", "BUNDLED_MODEL", "DEFAULT_MODEL", "DEFAULT_VOICE"]
