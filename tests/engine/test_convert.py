"""`litetts models convert int8-gemm|int8-rows`: same lengths, close audio, same words, same bytes.

The throughput issue asks for a faster model whose audio stays close to the unmodified
int8 model's; these tests hold the conversion to that (docs/throughput.md).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from litetts_cli.cli.models_convert import convert_command
from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL, resolve
from litetts_cli.engine import convert, durations, machine_choice, variants
from litetts_cli.engine.engine import Engine, EngineOptions
from litetts_cli.errors import EngineError, UsageError
from litetts_cli.g2p import espeak
from litetts_cli.g2p.tokens import to_ids
from litetts_cli.speech import load_voice, model_identity, model_path
from litetts_cli.store import models as model_store
from tests.helpers import transcribe, word_error_rate

WER_SENTENCES = (
    "The museum was closed for renovations until the end of the year.",
    "Please remember to water the plants while I am away on holiday.",
    "Our train leaves from platform nine at a quarter past seven.",
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def source_model(installed_settings) -> Path:
    return model_store.resolve_model(installed_settings.models_dir, BUNDLED_MODEL)


@pytest.fixture(scope="session")
def conversions(tmp_path_factory, source_model):
    """Each method's converted model, made once per session: method -> (path, report)."""
    made = {}

    def get(method: str):
        if method not in made:
            dest = tmp_path_factory.mktemp(method) / "model.onnx"
            made[method] = dest, convert.convert_model(source_model, dest, method)
        return made[method]

    return get


@pytest.fixture(scope="session")
def converted(conversions):
    return conversions("int8-gemm")


@pytest.fixture(scope="session", params=convert.METHODS)
def engines(request, source_model, conversions) -> tuple[Engine, Engine]:
    options = EngineOptions(threads=2)
    return Engine(source_model, options), Engine(conversions(request.param)[0], options)


@pytest.fixture(scope="session")
def voice(installed_settings):
    return load_voice(installed_settings, "af_heart")


def _call(sentence: str, voice) -> tuple[list[int], np.ndarray]:
    ids = to_ids(espeak.phonemize(sentence, "en-us"))
    return ids, voice.style_for(len(ids))


@pytest.mark.parametrize("method", convert.METHODS)
def test_report_counts_every_generator_convolution_and_norm(conversions, source_model, method):
    _, report = conversions(method)
    # 36 resblock + 12 noise_res + 1 noise_convs (1x1) convolutions; the strided
    # noise_convs.0 stays ConvInteger. 48 AdaIN + Snake pairs, one per resblock conv.
    assert (report.convolutions, report.norms, report.durations) == (49, 48, True)
    assert report.source == source_model and report.method == method
    assert abs(report.size_after - report.size_before) < 0.01 * report.size_before


def test_rows_im2col_is_one_gather_per_convolution(conversions):
    import onnx

    model = onnx.load(str(conversions("int8-rows")[0]), load_external_data=False)
    generator = [n for n in model.graph.node if convert.GENERATOR_SCOPE in n.name]
    # Was a Slice per tap and a Concat per convolution; the one kernel-1 convolution needs none.
    assert not any(n.op_type in ("Slice", "Concat") and "_rows_" in n.name for n in generator)
    assert sum(n.op_type == "Gather" and n.name.endswith("_rows_gathered") for n in generator) == 48


def test_converted_model_loads_in_engine(engines):
    _, fast = engines
    assert fast.signature.token_input == "tokens" and fast.signature.output


@pytest.mark.parametrize("sentence", convert.CHECK_SENTENCES + WER_SENTENCES)
def test_output_length_equals_original(engines, voice, sentence):
    original, fast = engines
    ids, style = _call(sentence, voice)
    assert fast.synthesize(ids, style).size == original.synthesize(ids, style).size


@pytest.mark.parametrize("voice_name", ["af_heart", "am_michael", "bf_emma"])
def test_log_mel_distance_within_bound(engines, installed_settings, voice_name, record_property):
    original, fast = engines
    speaker = load_voice(installed_settings, voice_name)
    calls = [_call(s, speaker) for s in convert.CHECK_SENTENCES + WER_SENTENCES]
    similarity = convert.compare_models(original, fast, calls)
    record_property("worst_log_mel_distance", similarity.worst)
    print(f"{voice_name}: log-mel distance mean {similarity.mean:.3f}, worst {similarity.worst:.3f}")
    assert similarity.length_mismatches == 0
    assert similarity.worst <= convert.DISTANCE_BOUND


def test_whisper_hears_the_words_no_worse(engines, voice, whisper, record_property):
    original, fast = engines
    before, after = [], []
    for sentence in WER_SENTENCES:
        ids, style = _call(sentence, voice)
        before.append(word_error_rate(sentence, transcribe(whisper, original.synthesize(ids, style))))
        after.append(word_error_rate(sentence, transcribe(whisper, fast.synthesize(ids, style))))
    record_property("wer_original", float(np.mean(before)))
    record_property("wer_converted", float(np.mean(after)))
    assert np.mean(after) <= np.mean(before)
    assert max(after) <= 0.1


@pytest.mark.parametrize("method", convert.METHODS)
def test_converting_twice_gives_identical_bytes(tmp_path, source_model, conversions, method):
    again = tmp_path / "again.onnx"
    convert.convert_model(source_model, again, method)
    assert _sha256(again) == _sha256(conversions(method)[0])


def test_refuses_a_model_without_int8_convolutions(tmp_path, converted):
    with pytest.raises(EngineError, match="no int8 generator convolutions"):
        convert.convert_model(converted[0], tmp_path / "twice.onnx", "int8-gemm")


def test_refuses_an_unknown_method(tmp_path, source_model):
    with pytest.raises(UsageError, match="unknown conversion method"):
        convert.convert_model(source_model, tmp_path / "x.onnx", "fp16")


def test_log_mel_distance_of_a_louder_copy_is_its_gain_in_bels():
    noise = np.random.default_rng(0).standard_normal(24_000).astype(np.float32) * 0.1
    assert convert.log_mel_distance(noise, noise) == 0.0
    # Twice the amplitude is four times the power: log10(4) bels in every bin.
    assert convert.log_mel_distance(noise, 2 * noise) == pytest.approx(np.log10(4), abs=1e-6)
    with pytest.raises(ValueError, match="lengths differ"):
        convert.log_mel_distance(noise, noise[:-1])


@pytest.fixture()
def convert_home(tmp_path, installed_settings, source_model, monkeypatch) -> Path:
    """A private store holding only the source model and the voices (read-only links),
    so the converted model is written here and never into the real store."""
    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    (home / "models" / BUNDLED_MODEL).symlink_to(source_model.parent, target_is_directory=True)
    (home / "voices").symlink_to(installed_settings.voices_dir, target_is_directory=True)
    monkeypatch.setenv("LITETTS_HOME", str(home))
    monkeypatch.setenv("LITETTS_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("LITETTS_MODEL", raising=False)
    monkeypatch.delenv("LITETTS_VOICE", raising=False)
    return home


def _convert_app() -> typer.Typer:
    app = typer.Typer()
    app.command("convert")(convert_command)
    return app


def test_convert_command_installs_a_checked_model(convert_home, converted):
    result = CliRunner().invoke(_convert_app(), ["int8-gemm", "--name", "fast"])
    assert result.exit_code == 0, result.output
    info = model_store.read_meta(convert_home / "models" / "fast")
    assert info is not None and info.source == f"converted from {BUNDLED_MODEL} (int8-gemm)"
    assert info.sha256 == _sha256(info.path) == _sha256(converted[0])
    assert "log-mel distance" in info.description
    assert sorted(p.name for p in (convert_home / "models" / "fast").iterdir()) == ["meta.json", "model.onnx"]


def test_convert_command_refuses_audio_past_the_bound(convert_home, monkeypatch):
    monkeypatch.setattr(convert, "DISTANCE_BOUND", 0.0)
    result = CliRunner().invoke(_convert_app(), ["int8-gemm", "--name", "strict"])
    assert result.exit_code != 0
    assert isinstance(result.exception, EngineError) and "too far" in str(result.exception)
    assert model_store.read_meta(convert_home / "models" / "strict") is None
    assert not (convert_home / "models" / "strict").exists()


def test_default_model_is_converted_on_first_use_then_kept(convert_home, converted, monkeypatch):
    settings = resolve({})
    assert settings.model == DEFAULT_MODEL
    notes: list[str] = []
    path = model_path(settings, note=notes.append)
    info = model_store.read_meta(path.parent)
    # First use measures every derived model on this CPU and runs the fastest: which one
    # that is depends on the CPU (int8-gemm with VNNI, int8-rows without, either when close).
    chosen = machine_choice.current_choice(convert_home / "models")
    assert chosen is not None and path.parent.name == chosen.model
    source, method = model_store.DERIVED_MODELS[chosen.model]
    assert info is not None and info.source == f"converted from {source} ({method})"
    gemm = model_store.model_dir(convert_home / "models", DEFAULT_MODEL) / "model.onnx"
    assert _sha256(gemm) == _sha256(converted[0])  # first use converts as the command does
    assert any("preparing" in n for n in notes)
    # Cache keys name the model by its sha256 from now on, the same in every later run.
    assert model_identity(settings) == info.sha256

    def no_second_conversion(*args, **kwargs):
        raise AssertionError("converted again")

    monkeypatch.setattr(variants, "install_variant", no_second_conversion)
    assert model_path(settings) == path


def test_first_synth_on_a_fresh_store_makes_the_default_and_speaks(convert_home, tmp_path, whisper):
    import soundfile as sf

    from litetts_cli.cli.app import app

    out = tmp_path / "first.wav"
    sentence = "Our train leaves from platform nine at a quarter past seven."
    result = CliRunner().invoke(app, ["synth", sentence, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"preparing {DEFAULT_MODEL}" in result.output
    assert model_store.read_meta(convert_home / "models" / DEFAULT_MODEL) is not None
    audio, _ = sf.read(out, dtype="float32")
    assert word_error_rate(sentence, transcribe(whisper, audio)) <= 0.1


def test_a_refused_default_falls_back_to_the_bundled_model_once(convert_home, source_model, monkeypatch):
    # As on a CPU whose int8 GEMM rounds differently: the check refuses the conversion.
    monkeypatch.setattr(convert, "DISTANCE_BOUND", 0.0)
    settings = resolve({})
    notes: list[str] = []
    path = model_path(settings, note=notes.append)
    assert path.resolve() == source_model.resolve()
    assert any("did not pass its audio check on this machine; using kokoro-v1.0-int8" in n for n in notes)
    assert model_store.read_meta(convert_home / "models" / DEFAULT_MODEL) is None
    assert variants.refusal(convert_home / "models", DEFAULT_MODEL)["source"] == BUNDLED_MODEL
    # Cache keys name the model that actually speaks.
    assert model_identity(settings) == model_store.DEFAULT_SHA256

    def no_second_conversion(*args, **kwargs):
        raise AssertionError("converted again")

    monkeypatch.setattr(variants, "install_variant", no_second_conversion)
    assert model_path(settings).resolve() == source_model.resolve()


@pytest.mark.parametrize("speed", [1.0, 1.3, 0.8])
def test_converted_model_tells_how_long_each_token_lasts(engines, voice, speed):
    original, fast = engines
    ids, style = _call(WER_SENTENCES[0], voice)
    audio, timing = fast.synthesize_timed(ids, style, speed)
    # One value per token plus the two padding tokens, whole frames, adding up exactly.
    assert timing is not None and timing.shape == (len(ids) + 2,)
    assert timing.sum() == audio.size
    assert timing.min() >= durations.SAMPLES_PER_FRAME and not np.any(timing % durations.SAMPLES_PER_FRAME)
    assert np.array_equal(audio, fast.synthesize(ids, style, speed))
    # The bundled file has no such output: its callers fall back to an estimate.
    plain, none = original.synthesize_timed(ids, style, speed)
    assert none is None and plain.size == audio.size


def test_a_default_made_by_an_older_recipe_is_converted_again_once(convert_home, converted, monkeypatch):
    # Whichever model this CPU measured fastest, a default made by an older recipe is
    # converted again (and the models measured again) on the next use.
    settings = resolve({})
    model_path(settings)
    default_dir = convert_home / "models" / DEFAULT_MODEL
    stale = model_store.read_meta(default_dir)
    stale.recipe = None  # as written before the model exposed its durations
    model_store.write_meta(default_dir, stale)
    notes: list[str] = []
    path = model_path(settings, note=notes.append)
    assert any("conversion recipe changed" in n for n in notes)
    assert model_store.read_meta(default_dir).recipe == durations.RECIPE
    assert Engine(model_store.resolve_model(convert_home / "models", DEFAULT_MODEL)).signature.durations_output == (
        durations.OUTPUT
    )

    def no_second_conversion(*args, **kwargs):
        raise AssertionError("converted again")

    monkeypatch.setattr(variants, "install_variant", no_second_conversion)
    assert model_path(settings) == path
