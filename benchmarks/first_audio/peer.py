"""The peer, as its users run it: kokoro-onnx speaks a whole text file in one process.

    python peer.py MODEL.onnx VOICES.npz VOICE TEXT.txt

Run by ``run.py`` with the python of a virtual environment that has kokoro-onnx (not
litetts's own). Prints one JSON line: seconds of audio and of synthesis.
"""

import json
import sys
import time

from kokoro_onnx import Kokoro

model, voices, voice, path = sys.argv[1:5]
with open(path, encoding="utf-8") as handle:
    text = handle.read()
started = time.perf_counter()
kokoro = Kokoro(model, voices)
audio, rate = kokoro.create(text, voice=voice, speed=1.0, lang="en-us")
print(json.dumps({"audio_s": round(len(audio) / rate, 2), "load_and_create_s": round(time.perf_counter() - started, 3)}))
