"""The body of ``POST /v1/audio/speech``, checked field by field with OpenAI's errors."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from litetts_cli.serve.api_errors import ApiError
from litetts_cli.serve.formats import RESPONSE_FORMATS
from litetts_cli.serve.options import OPENAI_SPEED_RANGE

__all__ = ["SpeechRequest", "MODEL_ALIASES", "parse_speech_request"]

MODEL_ALIASES = ("kokoro", "tts-1", "tts-1-hd", "gpt-4o-mini-tts")
"""Model names a request may give besides the served model's own name: all of them
mean the one Kokoro model this server has loaded."""


@dataclass(frozen=True)
class SpeechRequest:
    input: str
    voice: str
    response_format: str = "mp3"
    speed: float = 1.0
    model: str = "kokoro"


def _bad(message: str, param: str, code: str = "invalid_value") -> ApiError:
    return ApiError(400, message, param=param, code=code)


def parse_speech_request(
    body: bytes, *, served_model: str, default_voice: str, max_input_chars: int
) -> SpeechRequest:
    """Check a request body.

    Raises:
        ApiError: 400 naming the field at fault.
    """
    data = _json_object(body)
    model = _model(data, served_model)
    text = _input(data, max_input_chars)
    voice = _voice(data, default_voice)
    response_format = _response_format(data)
    speed = _speed(data)
    _stream_format(data)
    # "instructions" (steering a voice's tone) has no Kokoro equivalent; it is ignored.
    return SpeechRequest(text, voice, response_format, speed, model)


def _json_object(body: bytes) -> dict:
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):  # 20,000 nested [ is a RecursionError
        raise _bad("the request body is not valid JSON", None, "invalid_json") from None
    if not isinstance(data, dict):
        raise _bad(
            'the request body must be a JSON object like {"model": "tts-1", "input": "Hello.", "voice": "alloy"}',
            None, "invalid_json",
        )
    return data


def _model(data: dict, served_model: str) -> str:
    model = data.get("model", "kokoro")
    models = (*MODEL_ALIASES, served_model)
    if not isinstance(model, str) or model not in models:
        raise _bad(f"unknown model {model!r}; use one of {', '.join(models)}", "model", "model_not_found")
    return model


def _input(data: dict, max_input_chars: int) -> str:
    text = data.get("input")
    if not isinstance(text, str):
        raise _bad("'input' is required: the text to speak, as a string", "input", "missing_required_parameter")
    if not text.strip():
        raise _bad("'input' is empty: give text to speak", "input")
    if len(text) > max_input_chars:
        raise _bad(
            f"'input' is {len(text)} characters, more than this server's {max_input_chars}; "
            "split the text into several requests",
            "input", "string_above_max_length",
        )
    return text


def _voice(data: dict, default_voice: str) -> str:
    voice = data.get("voice", default_voice)
    if isinstance(voice, dict):  # OpenAI's custom voice object {"id": "..."}
        voice = voice.get("id")
    if not isinstance(voice, str) or not voice.strip():
        raise _bad(
            "'voice' must be a voice name (af_heart, alloy), a saved custom voice, or a blend "
            "like af_heart:0.6,bf_emma:0.4; see GET /v1/audio/voices",
            "voice",
        )
    return voice.strip()


def _response_format(data: dict) -> str:
    response_format = data.get("response_format", "mp3")
    if not isinstance(response_format, str) or response_format.lower() not in RESPONSE_FORMATS:
        raise _bad(
            f"unknown response_format {response_format!r}; use one of {', '.join(RESPONSE_FORMATS)}",
            "response_format", "unsupported_format",
        )
    return response_format.lower()


def _speed(data: dict) -> float:
    speed = data.get("speed", 1.0)
    low, high = OPENAI_SPEED_RANGE
    is_number = isinstance(speed, (int, float)) and not isinstance(speed, bool)
    if not is_number or not math.isfinite(speed) or not low <= speed <= high:
        raise _bad(f"speed {speed!r} is out of range; use a number from {low} to {high}", "speed")
    return float(speed)


def _stream_format(data: dict) -> None:
    stream_format = data.get("stream_format", "audio")
    if stream_format != "audio":
        raise _bad(
            f"stream_format {stream_format!r} is not supported; leave it out or use 'audio' "
            "(the audio itself is always streamed as it is synthesized)",
            "stream_format", "unsupported_value",
        )
