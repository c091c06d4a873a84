"""``/v1/voices``: real multipart uploads, bad ones refused, and the new voice spoken
by ``/v1/audio/speech`` right after it is saved, then deleted."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf

KEY = "clone-test-key"


def _speakers() -> Path:
    for folder in Path(__file__).resolve().parents:
        if (folder / "shared" / "data" / "speakers").is_dir():
            return folder / "shared" / "data" / "speakers"
    pytest.fail("shared/data/speakers is not beside the repository (the four LibriSpeech speakers)")


def _wav(samples: np.ndarray, rate: int = 16_000) -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, samples.astype(np.float32), rate, format="WAV")
    return buffer.getvalue()


BAD = [
    ("not audio", [("file", ("clip.wav", b"just text " * 500, "audio/wav"))], 400, "not audio"),
    ("silence", [("file", ("quiet.wav", _wav(np.zeros(16_000 * 8)), "audio/wav"))], 400, "silent"),
    ("huge", [("file", ("big.wav", b"\0" * (3 * 1024 * 1024), "audio/wav"))], 413, "larger than"),
]


@pytest.mark.parametrize("what, files, status, message", BAD, ids=[b[0] for b in BAD])
def test_bad_uploads_are_refused(make_server, what, files, status, message):
    url = make_server(api_key=KEY, max_upload_bytes=2 * 1024 * 1024)
    headers = {"Authorization": f"Bearer {KEY}"}
    response = httpx.post(f"{url}/v1/voices", data={"name": "bad"}, files=files, headers=headers, timeout=120)
    assert response.status_code == status, response.text
    assert message in response.json()["error"]["message"]
    assert httpx.get(f"{url}/v1/voices", headers=headers).json()["data"] == []


def test_upload_clone_speak_delete(make_server):
    url = make_server(api_key=KEY)
    headers = {"Authorization": f"Bearer {KEY}"}
    clips = sorted((_speakers() / "2414").glob("*-000[0-4].flac"))
    files = [("file", (p.name, p.read_bytes(), "audio/flac")) for p in clips]
    assert httpx.post(f"{url}/v1/voices", data={"name": "guest"}, files=files, timeout=60).status_code == 401
    response = httpx.post(f"{url}/v1/voices", data={"name": "guest", "time_budget": "10"}, files=files,
                          headers=headers, timeout=1200)
    assert response.status_code == 200, response.text
    card = response.json()
    assert card["id"] == "guest" and len(card["clips"]) == 5 and -1 <= card["score"] <= 1
    assert [v["id"] for v in httpx.get(f"{url}/v1/voices", headers=headers).json()["data"]] == ["guest"]
    speech = httpx.post(f"{url}/v1/audio/speech", headers=headers, timeout=300,
                        json={"model": "tts-1", "input": "Good morning.", "voice": "guest", "response_format": "wav"})
    assert speech.status_code == 200, speech.text
    audio, _ = sf.read(io.BytesIO(speech.content))
    assert len(audio) > 12_000 and np.sqrt(np.mean(audio**2)) > 0.01
    assert httpx.delete(f"{url}/v1/voices/guest", headers=headers).status_code == 200
    assert httpx.delete(f"{url}/v1/voices/guest", headers=headers).status_code == 404
    gone = httpx.post(f"{url}/v1/audio/speech", headers=headers, timeout=60,
                      json={"model": "tts-1", "input": "Hi.", "voice": "guest"})
    assert gone.status_code == 400
