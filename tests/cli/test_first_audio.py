"""First audio of `litetts synth` (issue 12): nothing slow comes before it.

No test here asserts a time: each checks that a slow step is absent (a measurement of the
CPU's models, an unneeded import) or that the overlapped model load behaves as the plain one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from litetts_cli.cli.app import main
from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL, resolve
from litetts_cli.engine.loading import LoadingEngine
from litetts_cli.errors import EngineError
from litetts_cli.engine.chunking import ChunkOptions
from litetts_cli.speech import Speaker, load_voice, make_normalizer, model_path
from litetts_cli.store import machine
from litetts_cli.store import models as model_store
from litetts_cli.store.machine import MachineChoice, Measurement
from tests.engine.test_machine_choice import _private_store


def _record(models, model, cpu_key):
    shas = {n: model_store.read_meta(models / n).sha256 for n in (DEFAULT_MODEL, BUNDLED_MODEL)}
    machine.record(models, MachineChoice(model, "measured", cpu_key, (
        Measurement(DEFAULT_MODEL, 0.2, 0.06, sha256=shas[DEFAULT_MODEL]),
        Measurement(BUNDLED_MODEL, 0.3, sha256=shas[BUNDLED_MODEL]))))


@pytest.mark.parametrize(
    "recorded, runs, says_fetch",
    [
        # Nothing measured on this CPU: the default runs now, and the user hears how to measure.
        (None, DEFAULT_MODEL, True),
        # Measured elsewhere only (a store shared with another kind of CPU): the same.
        (("elsewhere", BUNDLED_MODEL), DEFAULT_MODEL, True),
        # Measured here: the recorded model runs, silently, whichever it is.
        (("here", BUNDLED_MODEL), BUNDLED_MODEL, False),
        (("here", DEFAULT_MODEL), DEFAULT_MODEL, False),
    ],
)
def test_a_model_for_streaming_is_never_measured_first(tmp_path, installed_settings, recorded, runs, says_fetch):
    models = _private_store(installed_settings, tmp_path)
    if recorded is not None:
        where, model = recorded
        _record(models, model, machine.cpu_key() if where == "here" else "x86_64:none")
    before = (models / machine.CHOICES_FILE).read_bytes() if recorded else None
    settings = resolve({}, env={"LITETTS_HOME": str(tmp_path), "LITETTS_CONFIG": str(tmp_path / "none.toml")})
    notes: list[str] = []
    path = model_path(settings, note=notes.append, measure=False)
    assert path == models / runs / model_store.MODEL_FILE
    assert not any("measuring" in n for n in notes)
    assert any("litetts models fetch" in n for n in notes) == says_fetch
    after = (models / machine.CHOICES_FILE).read_bytes() if (models / machine.CHOICES_FILE).exists() else None
    assert after == before  # nothing was measured or recorded


def test_synth_in_a_store_never_measured_here_speaks_without_measuring(tmp_path, installed_settings, capsys,
                                                                     monkeypatch):
    models = _private_store(installed_settings, tmp_path)
    monkeypatch.setenv("LITETTS_HOME", str(tmp_path))
    monkeypatch.setenv("LITETTS_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.delenv("LITETTS_MODEL", raising=False)
    out = tmp_path / "hi.wav"
    with pytest.raises(SystemExit) as code:
        main(["synth", "Hello there.", "-o", str(out), "--json"])
    captured = capsys.readouterr()
    assert code.value.code == 0, captured.err
    assert json.loads(captured.out)["audio_seconds"] > 0.3
    assert "measuring" not in captured.err and "litetts models fetch" in captured.err
    assert machine.recorded(models) is None


class _Engine:
    model_path = "m.onnx"

    def synthesize(self, ids, style, speed=1.0):
        return [len(ids), speed]

    def synthesize_timed(self, ids, style, speed=1.0):
        return [len(ids)], None


def test_a_loading_engine_acts_as_the_engine_once_loaded():
    with LoadingEngine(_Engine) as engine:
        assert engine.synthesize([1, 2, 3], None, 1.5) == [3, 1.5]
        assert engine.synthesize_timed([1, 2], None) == ([2], None)
        assert engine.model_path == "m.onnx"
        assert isinstance(engine.result(), _Engine)


def test_a_load_that_fails_raises_its_error_where_the_engine_is_used():
    def broken():
        raise EngineError("cannot load model x.onnx: truncated", hint="run `litetts models verify`")

    with LoadingEngine(broken) as engine:
        with pytest.raises(EngineError, match="truncated"):
            engine.synthesize([1], None)
        # An engine without a method is probed as without it (the torch engine has no synthesize_timed).
    with LoadingEngine(lambda: object()) as plain:
        assert getattr(plain, "synthesize_timed", None) is None


HEAVY = ("torch", "ebooklib", "lxml", "markdown_it", "pydub", "fastapi", "uvicorn", "ray", "faster_whisper",
         "pypdf", "docx", "PIL", "scipy", "segments", "csvw", "rdflib", "babel")
"""Packages a plain `litetts synth` of text has no use for: importing any of them costs
start-up time before the first audio (segments, csvw, rdflib and babel come with
phonemizer's segments backend, which litetts does not use)."""

_LOADED = """
import sys
from litetts_cli.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print({name for name in sys.modules if "." not in name}, code, file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["synth", "--help"],
        ["synth", "Hello there.", "-o", "{out}"],
        ["synth", "-", "-o", "-", "--format", "pcm"],
    ],
)
def test_a_plain_synth_imports_nothing_heavy(tmp_home, tmp_path, args):
    argv = [a.replace("{out}", str(tmp_path / "hi.wav")) for a in args]
    done = subprocess.run([sys.executable, "-c", _LOADED, *argv], input=b"Hello.", capture_output=True,
                          timeout=300)
    modules, code = done.stderr.decode().strip().splitlines()[-1].rsplit(" ", 1)
    assert code in ("0", "None"), done.stderr.decode()
    loaded = eval(modules)  # the set printed above
    assert "litetts_cli" in loaded
    assert sorted(loaded & set(HEAVY)) == []


_PHONEMIZER_LATER = """
import sys
from litetts_cli.g2p import espeak
ours = espeak.phonemize("Well, it's 5 o'clock: isn't it?", "en-us")
before = "segments" in sys.modules
import phonemizer
from phonemizer.backend import EspeakBackend
theirs = phonemizer.phonemize("Well, it's 5 o'clock: isn't it?", language="en-us", backend="espeak",
                              preserve_punctuation=True, with_stress=True, language_switch="remove-flags")
print(before, type(espeak._backend("en-us")) is EspeakBackend, ours == theirs.strip(), ours)
"""


def test_espeak_loads_without_the_rest_of_phonemizer_which_still_imports_as_usual_later():
    done = subprocess.run([sys.executable, "-c", _PHONEMIZER_LATER], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    segments_before, same_class, same_phonemes, phonemes = done.stdout.decode().split(" ", 3)
    assert (segments_before, same_class, same_phonemes) == ("False", "True", "True"), phonemes
    assert "ˈ" in phonemes and "," in phonemes  # stressed IPA with the punctuation kept


PASSAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "first_audio" / "passage.txt"

_OPENINGS = {
    # A long first sentence: its first clause alone (a clause is never cut, even over the budget).
    "passage": (PASSAGE.read_text("utf-8"), "It is a truth universally acknowledged,"),
    # A short first sentence: the sentence, nothing packed onto it.
    "short": ("Call me Ishmael. Some years ago, never mind how long precisely, I thought I would sail about.",
              "Call me Ishmael."),
    # A quoted opening: the clause ends inside the closing quote.
    "quoted": ("“My dear Mr. Bennet,” said his lady to him one day, “have you heard that Netherfield Park is let at last?”",
               "\"My dear Mister Bennet,\""),
    # Leading clauses that fit the first budget together are kept together.
    "clauses": ("Yes, no, maybe, well, it depends on the weather and on what the captain says about the tide tonight.",
                "Yes, no, maybe, well,"),
}


@pytest.mark.parametrize("name", list(_OPENINGS))
def test_the_streaming_plan_starts_with_a_short_sentence_or_clause_then_grows(installed_settings, name):
    text, first = _OPENINGS[name]
    voice = load_voice(installed_settings, "af_heart")
    speaker = Speaker(None, voice, normalize=make_normalizer(installed_settings, voice))
    chunks = speaker.plan(text)
    options = ChunkOptions()
    assert chunks[0].text == first
    assert chunks[0].token_count <= options.first_chunk_tokens or "," not in chunks[0].text[:-1]
    assert " ".join(c.text for c in chunks).split() == " ".join(speaker.normalize(text).split()).split()
    for number, chunk in enumerate(chunks[1:], start=1):
        within = chunk.token_count <= options.budget(number)
        one_clause = not any(mark in chunk.text[:-1] for mark in ",;:")
        assert within or one_clause or options.budget(number) == options.target_tokens, (number, chunk.text)
