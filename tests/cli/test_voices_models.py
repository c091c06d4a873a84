"""`litetts voices` and `litetts models` as a user runs them."""

from __future__ import annotations

import json

import pytest
import soundfile as sf

from litetts_cli.cli.app import main
from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL


def run(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


@pytest.mark.parametrize(
    "filters, expected",
    [
        ([], 54),
        (["--language", "en-gb"], 8),
        (["--language", "en"], 28),
        (["--language", "en-us", "--gender", "male"], 9),
        (["-l", "fr"], 1),
        (["-l", "ja", "-g", "f"], 4),
    ],
)
def test_voices_list_json_filters(tmp_home, capsys, filters, expected):
    code, out, _ = run(["voices", "list", "--json", *filters], capsys)
    rows = json.loads(out)
    assert code == 0 and len(rows) == expected
    assert all({"name", "language", "gender", "grade", "installed"} <= set(r) for r in rows)


def test_voices_list_table_puts_best_grade_first(tmp_home, capsys):
    code, out, _ = run(["voices", "list", "-l", "en-us", "-g", "f"], capsys)
    assert code == 0
    assert out.index("af_heart") < out.index("af_bella") < out.index("af_river")


def test_blend_then_use_by_name(tmp_home, tmp_path, capsys):
    code, _, err = run(["voices", "blend", "narrator", "af_heart:0.7,bm_george:0.3"], capsys)
    assert code == 0, err
    code, out, _ = run(["voices", "list", "--json"], capsys)
    assert any(r["name"] == "narrator" for r in json.loads(out))
    target = tmp_path / "n.wav"
    code, _, err = run(["voices", "preview", "narrator", "-o", str(target)], capsys)
    assert code == 0, err
    assert sf.info(target).duration > 2.0


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["voices", "blend", "Bad Name", "af_heart"], 2, "not allowed"),
        (["voices", "blend", "mine", "af_heart:1,nobody:1"], 2, "unknown voice"),
        (["voices", "preview", "af_hart"], 2, "did you mean"),
        (["voices", "list", "-g", "x"], 2, "unknown gender"),
        (["models", "fetch", "no-such-model"], 2, "unknown model variant"),
        (["models", "path", "not-installed"], 1, "is not installed"),
        (["models", "import", "/no/such.onnx"], 2, "no such file"),
    ],
)
def test_bad_input_is_one_line(tmp_home, capsys, args, code, message):
    got, _, err = run(args, capsys)
    assert got == code
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_models_list_and_verify(tmp_home, capsys):
    code, out, _ = run(["models", "list", "--json"], capsys)
    listing = json.loads(out)
    rows = {m["name"]: m for m in listing["models"]}
    assert code == 0 and listing["voices_installed"] == 54
    assert rows[DEFAULT_MODEL]["installed"] and rows[DEFAULT_MODEL]["source"] == f"converted from {BUNDLED_MODEL}"
    assert rows[BUNDLED_MODEL]["installed"] and rows[BUNDLED_MODEL]["source"] == "python packages"
    code, out, _ = run(["models", "verify", "--json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["models"][BUNDLED_MODEL] is True
    assert report["models"][DEFAULT_MODEL] is True


def test_importing_a_non_kokoro_file_is_refused(tmp_home, tmp_path, capsys):
    fake = tmp_path / "fake.onnx"
    fake.write_bytes(b"this is not an onnx model")
    code, _, err = run(["models", "import", str(fake)], capsys)
    assert code == 1 and "cannot load model" in err
    assert not (tmp_home / "models" / "fake").exists()


def test_offline_fetch_says_the_hub_cannot_be_reached(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LITETTS_HOME", str(tmp_path))
    monkeypatch.setenv("LITETTS_CONFIG", str(tmp_path / "none.toml"))
    # Point the hub at a closed local port: the same path as an offline machine.
    from litetts_cli.store import fetch

    real = fetch.fetch_variant
    monkeypatch.setattr(fetch, "fetch_variant", lambda name, d, progress=None: real(name, d, progress, base_url="http://127.0.0.1:9", timeout=2))
    code, _, err = run(["models", "fetch", "kokoro-v1.0-fp32"], capsys)
    assert code == 1 and "cannot be reached" in err
    assert not list(tmp_path.rglob("model.onnx"))
