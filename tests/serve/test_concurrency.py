"""Several clients at once with the real model: everyone gets their own words, a short
request is not stuck behind a long one, and a client that leaves stops its synthesis."""

from __future__ import annotations

import threading

from litetts_cli.engine.voices import VoiceLibrary
from litetts_cli.speech import Speaker, make_normalizer
from tests.helpers import rms_db, transcribe, word_error_rate
from tests.serve.conftest import SAMPLE_RATE, active_requests, client_for, decode, metrics_of, wait_until

CONCURRENT = {
    "wav": "The cat sat on the mat.",
    "mp3": "I like to eat green apples.",
    "pcm": "Please open the door for me.",
}


def run_in_threads(targets) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(target):
        try:
            target()
        except BaseException as exc:  # re-raised in the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    assert not any(thread.is_alive() for thread in threads), "a client never finished"
    return errors


def test_concurrent_clients_each_get_their_own_words(server_url, whisper, tmp_path):
    start_together = threading.Barrier(len(CONCURRENT), timeout=60)
    bodies: dict[str, bytes] = {}

    def speak(fmt: str, text: str):
        def request() -> None:
            client = client_for(server_url)
            start_together.wait()
            bodies[fmt] = client.audio.speech.create(
                model="tts-1", voice="af_heart", input=text, response_format=fmt
            ).content
        return request

    errors = run_in_threads([speak(fmt, text) for fmt, text in CONCURRENT.items()])
    assert not errors, errors
    for fmt, text in CONCURRENT.items():
        audio = decode(bodies[fmt], fmt, tmp_path)
        assert 0.8 < len(audio) / SAMPLE_RATE < 6.0
        assert rms_db(audio) > -35
        heard = transcribe(whisper, audio)
        assert word_error_rate(text, heard) <= 0.1, f"{fmt}: asked for {text!r}, heard {heard!r}"


def test_a_short_request_finishes_before_a_long_one_started_earlier(server_url, tmp_path):
    long_text = "\n\n".join(f"Long request, part {n}." for n in ("one", "two", "three", "four", "five", "six"))
    finished: list[str] = []
    long_audio = bytearray()
    long_is_streaming = threading.Event()

    def long_request() -> None:
        client = client_for(server_url)
        with client.audio.speech.with_streaming_response.create(
            model="tts-1", voice="am_michael", input=long_text, response_format="pcm"
        ) as response:
            for part in response.iter_bytes():
                long_audio.extend(part)
                long_is_streaming.set()
        finished.append("long")

    def short_request() -> None:
        assert long_is_streaming.wait(300), "the long request never started streaming"
        body = client_for(server_url).audio.speech.create(
            model="tts-1", voice="bf_emma", input="A short one.", response_format="pcm"
        ).content
        finished.append("short")
        assert 0.5 < len(decode(body, "pcm", tmp_path)) / SAMPLE_RATE < 4.0

    errors = run_in_threads([long_request, short_request])
    assert not errors, errors
    assert finished == ["short", "long"]
    assert 5.0 < len(decode(bytes(long_audio), "pcm", tmp_path)) / SAMPLE_RATE < 30.0


def test_a_client_that_disconnects_stops_its_synthesis(make_server, serve_settings):
    url = make_server(use_cache=False)
    text = "\n\n".join(f"Disconnect test, paragraph {n}." for n in range(1, 21))
    voice = VoiceLibrary(serve_settings.voices_dir, serve_settings.custom_voices_dir).load("af_heart")
    planned = len(Speaker(None, voice, normalize=make_normalizer(serve_settings, voice)).plan(text))
    assert planned >= 20

    client = client_for(url)
    with client.audio.speech.with_streaming_response.create(
        model="tts-1", voice="af_heart", input=text, response_format="pcm"
    ) as response:
        first = next(response.iter_bytes())
        assert first
    # Leaving the block closes the connection with most of the audio unsent.

    wait_until(lambda: active_requests(url) == 0, "the abandoned request to stop")
    metrics = metrics_of(url)
    assert metrics["litetts_speech_cancelled_total"] == 1
    assert 1 <= metrics["litetts_chunks_total"] < planned / 2
    # And the server goes on serving.
    again = client.audio.speech.create(model="tts-1", voice="af_heart", input="Still here.", response_format="pcm")
    assert len(again.content) > SAMPLE_RATE  # over half a second of 16-bit audio

