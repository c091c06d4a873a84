"""The gradient path of cloning: the differentiable speaker embedding agrees with
Resemblyzer's own, and a few descent steps move a voice towards a reader."""

from __future__ import annotations

import time

import numpy as np
import pytest
import torch

from litetts_cli.clone import encoder, torch_embed
from litetts_cli.clone.clips import read_clip
from litetts_cli.clone.descent import DescentOptions, _Sentence, _speak, descend
from litetts_cli.clone.service import descent_model, target_embedding
from litetts_cli.engine.voices import VoiceLibrary
from litetts_cli.speech import Speaker


@pytest.fixture(scope="module")
def model(engine, installed_settings):
    return descent_model(engine, installed_settings.models_dir)


@pytest.fixture(scope="module")
def heart(installed_settings, tmp_path_factory):
    return VoiceLibrary(installed_settings.voices_dir, tmp_path_factory.mktemp("custom")).load("af_heart")


def _ids(engine, voice, text):
    return [c.token_ids for c in Speaker(engine, voice).plan(text) if c.token_ids][0]


@pytest.mark.parametrize("text", ["Hello there.", "She opened the letter slowly and read it twice."])
def test_differentiable_embedding_matches_the_encoder(engine, heart, text):
    ids = _ids(engine, heart, text)
    audio = engine.synthesize(ids, heart.style_for(len(ids)))
    ours = torch_embed.embed(torch.from_numpy(audio)).detach().numpy()
    assert encoder.cosine(ours, encoder.embed(audio, 24_000)) > 0.99


def test_descent_moves_a_voice_towards_a_reader(engine, model, heart, speakers):
    target = target_embedding([read_clip(p) for p in sorted((speakers / "2414").glob("*-000[0-4].flac"))])
    ids = _ids(engine, heart, "Nobody knew where the little boat had gone.")

    def similarity(pack):
        with torch.no_grad():
            style = torch.from_numpy(pack[len(ids)].reshape(1, -1))
            return encoder.cosine(encoder.embed(_speak(model, _Sentence(model, ids, "cpu"), style).numpy(), 24_000), target)

    scale = np.full(256, 0.1, np.float32)
    result = descend(model, heart.pack, scale, target, [ids], time.monotonic() + 600, DescentOptions(), max_steps=3)
    assert result.steps == 3 and np.abs(result.offset).max() > 0
    assert similarity(heart.pack + result.offset) > similarity(heart.pack) + 0.02
