"""Refusals in OpenAI's error shape with the right status, the API key, per-client and
server-wide limits, and /metrics; after each refusal the server goes on serving."""

from __future__ import annotations

import contextlib

import httpx
import openai
import pytest

from tests.serve.conftest import SAMPLE_RATE, active_requests, client_for, decode, metrics_of, wait_until

GOOD = {"model": "tts-1", "voice": "alloy", "input": "Still serving.", "response_format": "pcm"}


def assert_error(response: httpx.Response, status: int, code: str | None, param: str | None = None) -> dict:
    assert response.status_code == status, response.text[:300]
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["code"] == code and error["param"] == param
    assert error["message"]
    return error


def assert_still_serving(url: str, api_key: str | None = None, tmp_path=None) -> None:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    response = httpx.post(f"{url}/v1/audio/speech", json=GOOD, headers=headers, timeout=300)
    assert response.status_code == 200, response.text
    assert len(response.content) / 2 / SAMPLE_RATE > 0.5


@contextlib.contextmanager
def streaming_long_request(url: str, tag: str):
    """A request that is still synthesizing while the block runs (many chunks ahead),
    its connection closed when the block ends."""
    text = "\n\n".join(f"Holding the line for {tag}, part {n}." for n in range(1, 21))
    client = client_for(url)
    with client.audio.speech.with_streaming_response.create(
        model="tts-1", voice="af_heart", input=text, response_format="pcm"
    ) as response:
        # Keep the iterator: a dropped one is closed, and closes the connection with it.
        parts = response.iter_bytes()
        assert next(parts)
        yield
        parts.close()
    wait_until(lambda: active_requests(url) == 0, "the held request to stop")


BAD_REQUESTS = [
    ({**GOOD, "voice": "af_nobody"}, 400, "voice_not_found", "voice"),
    ({**GOOD, "voice": "af_heart:x"}, 400, "invalid_value", "voice"),
    ({**GOOD, "voice": 7}, 400, "invalid_value", "voice"),
    ({**GOOD, "response_format": "ogg"}, 400, "unsupported_format", "response_format"),
    ({**GOOD, "speed": 5}, 400, "invalid_value", "speed"),
    ({**GOOD, "speed": "fast"}, 400, "invalid_value", "speed"),
    ({**GOOD, "model": "whisper-1"}, 400, "model_not_found", "model"),
    ({**GOOD, "input": "   "}, 400, "invalid_value", "input"),
    ({**GOOD, "input": "***"}, 400, "invalid_value", "input"),
    ({k: v for k, v in GOOD.items() if k != "input"}, 400, "missing_required_parameter", "input"),
    ({**GOOD, "input": "x" * 201}, 400, "string_above_max_length", "input"),
    ({**GOOD, "stream_format": "sse"}, 400, "unsupported_value", "stream_format"),
]


@pytest.fixture(scope="module")
def strict_url(serve_settings, engine):
    from litetts_cli.serve.app import create_app
    from litetts_cli.serve.options import ServeOptions
    from tests.serve.conftest import running

    app = create_app(serve_settings, ServeOptions(max_input_chars=200, max_body_bytes=4096), engines=[engine])
    with running(app) as url:
        yield url


@pytest.mark.parametrize(("body", "status", "code", "param"), BAD_REQUESTS)
def test_bad_requests_are_refused_and_named(strict_url, body, status, code, param):
    response = httpx.post(f"{strict_url}/v1/audio/speech", json=body, timeout=60)
    error = assert_error(response, status, code, param)
    assert error["type"] == "invalid_request_error"


def test_the_openai_client_raises_bad_request_with_the_message(strict_url):
    with pytest.raises(openai.BadRequestError) as caught:
        client_for(strict_url).audio.speech.create(model="tts-1", voice="af_nobody", input="Hi.")
    assert caught.value.status_code == 400
    assert "unknown voice 'af_nobody'" in str(caught.value)


def test_malformed_and_oversized_bodies(strict_url):
    url = f"{strict_url}/v1/audio/speech"
    assert_error(httpx.post(url, content=b"{not json", timeout=60), 400, "invalid_json")
    assert_error(httpx.post(url, content=b"[1, 2]", timeout=60), 400, "invalid_json")
    oversized = {**GOOD, "input": "word " * 2000}
    assert_error(httpx.post(url, json=oversized, timeout=60), 413, "request_too_large")

    def chunked():  # no Content-Length: counted as it arrives
        yield b'{"input": "'
        for _ in range(100):
            yield b"a" * 100
        yield b'"}'

    assert_error(httpx.post(url, content=chunked(), timeout=60), 413, "request_too_large")


def test_unknown_routes_and_methods_answer_in_openai_shape(strict_url):
    assert_error(httpx.get(f"{strict_url}/v1/nothing-here", timeout=60), 404, "not_found")
    assert_error(httpx.get(f"{strict_url}/v1/audio/speech", timeout=60), 405, "method_not_allowed")


def test_after_every_refusal_the_server_still_serves(strict_url):
    for body, *_ in BAD_REQUESTS:
        httpx.post(f"{strict_url}/v1/audio/speech", json=body, timeout=60)
    assert_still_serving(strict_url)


def test_api_key_is_required_everywhere_but_health(make_server, tmp_path):
    url = make_server(api_key="sk-test-123")
    for method, path in [("GET", "/v1/models"), ("GET", "/v1/audio/voices"), ("GET", "/v1/audio/models"),
                         ("GET", "/metrics"), ("POST", "/v1/audio/speech")]:
        missing = httpx.request(method, f"{url}{path}", json=GOOD, timeout=60)
        assert_error(missing, 401, "invalid_api_key")
        assert missing.headers["www-authenticate"] == "Bearer"
        wrong = httpx.request(method, f"{url}{path}", json=GOOD, headers={"Authorization": "Bearer sk-nope"}, timeout=60)
        assert_error(wrong, 401, "invalid_api_key")
    assert httpx.get(f"{url}/health", timeout=60).status_code == 200

    with pytest.raises(openai.AuthenticationError):
        client_for(url, api_key="sk-nope").models.list()
    client = client_for(url, api_key="sk-test-123")
    assert "tts-1" in [model.id for model in client.models.list()]
    speech = client.audio.speech.create(model="tts-1", voice="alloy", input="Still serving.", response_format="wav")
    assert len(decode(speech.content, "wav", tmp_path)) / SAMPLE_RATE > 0.5
    metrics_of(url, api_key="sk-test-123")


def test_one_client_over_its_limit_gets_429(make_server):
    url = make_server(max_per_client=1, use_cache=False)
    with streaming_long_request(url, "the per-client limit"):
        with pytest.raises(openai.RateLimitError) as caught:
            client_for(url).audio.speech.create(model="tts-1", voice="alloy", input="One too many.")
        assert caught.value.status_code == 429
        assert caught.value.response.headers["retry-after"] == "1"
        assert caught.value.response.json()["error"]["code"] == "rate_limit_exceeded"
        # Listing routes are not speech requests: not limited.
        assert httpx.get(f"{url}/v1/models", timeout=60).status_code == 200
    assert_still_serving(url)


def test_a_saturated_server_answers_503(make_server):
    url = make_server(max_active=1, max_per_client=4, use_cache=False)
    with streaming_long_request(url, "the server-wide limit"):
        with pytest.raises(openai.InternalServerError) as caught:
            client_for(url).audio.speech.create(model="tts-1", voice="alloy", input="No room.")
        assert caught.value.status_code == 503
        assert caught.value.response.headers["retry-after"] == "1"
        assert caught.value.response.json()["error"]["code"] == "server_busy"
        assert httpx.get(f"{url}/health", timeout=60).json()["status"] == "busy"
    assert_still_serving(url)


def test_metrics_parse_and_count(make_server, tmp_path):
    url = make_server()
    client = client_for(url)
    seconds = 0.0
    for fmt in ("wav", "mp3"):
        body = client.audio.speech.create(model="tts-1", voice="alloy", input="Counted once.", response_format=fmt)
        seconds += len(decode(body.content, fmt, tmp_path)) / SAMPLE_RATE
    with pytest.raises(openai.BadRequestError):
        client.audio.speech.create(model="tts-1", voice="af_nobody", input="Counted as an error.")

    speech_ok = 'litetts_requests_total{path="/v1/audio/speech",method="POST",status="200"}'
    wait_until(lambda: metrics_of(url).get(speech_ok) == 2, "both speech requests to be counted")
    metrics = metrics_of(url)
    assert metrics['litetts_requests_total{path="/v1/audio/speech",method="POST",status="400"}'] == 1
    assert metrics['litetts_errors_total{code="voice_not_found",status="400"}'] == 1
    assert metrics["litetts_first_audio_seconds_count"] == 2
    assert metrics["litetts_chunks_total"] == 2
    # Produced audio, whether synthesized or from the cache; the mp3 adds encoder padding.
    assert metrics["litetts_audio_seconds_total"] == pytest.approx(seconds, abs=0.15)
    assert metrics["litetts_queue_depth"] == 0
    assert metrics["litetts_active_requests"] == 0
    assert metrics["litetts_engines"] == 1
    buckets = [value for key, value in metrics.items()
               if key.startswith('litetts_request_duration_seconds_bucket{path="/v1/audio/speech"')]
    assert buckets == sorted(buckets) and buckets[-1] == 3
    assert metrics['litetts_request_duration_seconds_count{path="/v1/audio/speech"}'] == 3


def test_a_format_whose_encoder_is_missing_is_refused(make_server, monkeypatch):
    from litetts_cli.serve import app as app_module

    monkeypatch.setattr(app_module, "missing_encoders", lambda: {"mp3": "libmp3lame"})
    url = make_server()
    refused = httpx.post(f"{url}/v1/audio/speech", json={**GOOD, "response_format": "mp3"}, timeout=60)
    assert "libmp3lame" in assert_error(refused, 400, "unsupported_format", "response_format")["message"]
    assert_still_serving(url)


def test_an_unexpected_failure_is_a_500_in_openai_shape(make_server, monkeypatch):
    from litetts_cli.serve import app as app_module

    def broken(*args, **kwargs):
        raise RuntimeError("voices folder /srv/secret/voices vanished")

    url = make_server()
    monkeypatch.setattr(app_module.VoiceCatalog, "listing", broken)
    error = assert_error(httpx.get(f"{url}/v1/audio/voices", timeout=60), 500, "internal_error")
    # The exception's text (which may name server paths) stays in the log (issue 20).
    assert error["type"] == "server_error" and "RuntimeError" in error["message"]
    assert "/srv/secret" not in error["message"] and "server log" in error["message"]
    assert_still_serving(url)
