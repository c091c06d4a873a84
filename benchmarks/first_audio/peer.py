"""The peer, as its users run it: kokoro-onnx speaks a whole text file in one process.

    python peer.py MODEL.onnx VOICES.npz VOICE TEXT.txt [THREADS]

Run by ``run.py`` with the python of a virtual environment that has kokoro-onnx (not
litetts's own). Prints one JSON line: seconds of audio and of synthesis.

THREADS sets ONNX Runtime's intra-op threads; without it the session has ORT's default,
one thread per physical core of the whole machine, each pinned by ORT to its core even when
the process was started under `taskset` (so on a many-core machine a pinned peer is not a
2-core peer: give THREADS as the cores it may use, which is what ORT picks on such a CPU).
"""

import json
import sys
import time

import onnxruntime
from kokoro_onnx import Kokoro

model, voices, voice, path = sys.argv[1:5]
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 0
with open(path, encoding="utf-8") as handle:
    text = handle.read()
started = time.perf_counter()
if threads:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    kokoro = Kokoro.from_session(session, voices)
else:
    kokoro = Kokoro(model, voices)
audio, rate = kokoro.create(text, voice=voice, speed=1.0, lang="en-us")
print(json.dumps({"audio_s": round(len(audio) / rate, 2), "load_and_create_s": round(time.perf_counter() - started, 3)}))
