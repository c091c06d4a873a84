"""Where the GPU's compiled kernels are kept, how the fusion is chosen, and the AAC parts
a GPU book is encoded in (the parts that can be checked without a GPU)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from litetts_cli.encode.parts import AAC_FRAME, adts_frames, encode_part
from litetts_cli.engine.torch_engine import (
    COMPILE_CACHE_ENV, FUSION_ENV, TRITON_CACHE_ENV, compile_cache_dir, gpu_fusion, use_compile_cache,
)
from litetts_cli.errors import EngineError, OutputError


@pytest.fixture()
def clean_env(monkeypatch):
    for name in (COMPILE_CACHE_ENV, TRITON_CACHE_ENV, FUSION_ENV):
        monkeypatch.setenv(name, "")  # recorded, so what the code under test sets is undone afterwards
        monkeypatch.delenv(name)


def test_kernels_are_kept_beside_the_model_so_only_a_machines_first_run_compiles(tmp_path, clean_env):
    model = tmp_path / "models" / "kokoro-v1.0-int8" / "model.onnx"
    model.parent.mkdir(parents=True)
    folder = use_compile_cache(model)
    assert folder == compile_cache_dir(model) == model.parent / "optimized" / "torch-compile"
    assert folder.is_dir()
    assert os.environ[COMPILE_CACHE_ENV] == str(folder)
    assert os.environ[TRITON_CACHE_ENV] == str(folder / "triton")


def test_a_users_own_kernel_cache_is_kept(tmp_path, clean_env, monkeypatch):
    monkeypatch.setenv(TRITON_CACHE_ENV, str(tmp_path / "mine"))
    use_compile_cache(tmp_path / "m" / "model.onnx")
    assert os.environ[TRITON_CACHE_ENV] == str(tmp_path / "mine")


def test_a_store_that_cannot_hold_the_cache_leaves_torchs_default(tmp_path, clean_env):
    blocker = tmp_path / "models"
    blocker.write_text("a file where the model's folder would be")
    assert use_compile_cache(blocker / "model.onnx") is None
    assert COMPILE_CACHE_ENV not in os.environ and TRITON_CACHE_ENV not in os.environ


@pytest.mark.parametrize("value, fusion", [(None, "triton"), ("triton", "triton"), ("compile", "compile")])
def test_the_fusion_is_the_triton_kernel_unless_asked(value, fusion, clean_env, monkeypatch):
    if value is not None:
        monkeypatch.setenv(FUSION_ENV, value)
    assert gpu_fusion() == fusion


def test_an_unknown_fusion_is_an_error_naming_the_choices(clean_env, monkeypatch):
    monkeypatch.setenv(FUSION_ENV, "inductor")
    with pytest.raises(EngineError, match="LITETTS_GPU_FUSION") as caught:
        gpu_fusion()
    assert "triton, compile" in caught.value.hint


@pytest.mark.parametrize("seconds", [0.5, 3.0])
def test_a_part_is_encoded_with_the_fast_coder_in_whole_frames(tmp_path, seconds):
    samples = (0.3 * np.sin(np.arange(int(24_000 * seconds)) * 2 * np.pi * 220 / 24_000)).astype(np.float32)
    frames = encode_part(samples, tmp_path / "p.aac", 24_000)
    assert frames == adts_frames(tmp_path / "p.aac")
    assert frames * AAC_FRAME >= samples.size  # every sample is in a frame (plus the encoder's priming)
    assert frames * AAC_FRAME < samples.size + 3 * AAC_FRAME


def test_an_unknown_coder_is_ffmpegs_error_as_one_line(tmp_path):
    with pytest.raises(OutputError, match="could not encode p.aac"):
        encode_part(np.zeros(2400, np.float32), tmp_path / "p.aac", 24_000, coder="no-such-coder")
