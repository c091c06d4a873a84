"""POST /dev/captioned_speech: the audio of /v1/audio/speech plus each word's time (issue 17)."""

from __future__ import annotations

import base64
import io

import httpx
import numpy as np
import soundfile as sf

TEXT = "The lamp was lit at dusk. Ships passed the rocks, one by one."


def test_captioned_speech_returns_the_same_audio_and_word_times_inside_it(server_url):
    body = {"model": "kokoro", "input": TEXT, "voice": "af_heart", "response_format": "pcm"}
    with httpx.Client(base_url=server_url, timeout=300) as client:
        captioned = client.post("/dev/captioned_speech", json=body)
        plain = client.post("/v1/audio/speech", json=body)
        wav = client.post("/dev/captioned_speech", json={**body, "response_format": "wav"})
    assert captioned.status_code == 200, captioned.text
    answer = captioned.json()
    pcm = base64.b64decode(answer["audio"])
    assert answer["audio_format"] == "pcm" and answer["timing"] == "exact"
    # The same synthesis as the speech route (the second comes from the chunk cache,
    # which keeps audio to 16 bits, so samples may differ by a step).
    ours, theirs = (np.frombuffer(b, dtype="<i2").astype(np.int32) for b in (pcm, plain.content))
    assert len(ours) == len(theirs) and np.abs(ours - theirs).max() <= 64
    seconds = len(pcm) / 2 / 24_000
    stamps = answer["timestamps"]
    assert [s["word"] for s in stamps] == TEXT.split()
    assert all(0 <= s["start_time"] < s["end_time"] <= seconds for s in stamps)
    assert all(a["end_time"] <= b["start_time"] for a, b in zip(stamps, stamps[1:]))
    assert stamps[6]["start_time"] - stamps[5]["end_time"] > 0.1  # the sentence pause: "dusk." -> "Ships"
    # A WAV answer is a whole file whose header gives its length.
    audio, rate = sf.read(io.BytesIO(base64.b64decode(wav.json()["audio"])))
    assert rate == 24_000 and abs(len(audio) / rate - seconds) < 0.01


def test_captioned_speech_refuses_what_the_speech_route_refuses(server_url):
    with httpx.Client(base_url=server_url, timeout=60) as client:
        answer = client.post("/dev/captioned_speech", json={"model": "kokoro", "input": "  ", "voice": "af_heart"})
    assert answer.status_code == 400
    assert answer.json()["error"]["param"] == "input"
