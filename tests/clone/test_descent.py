"""The gradient path of cloning: the differentiable speaker embedding agrees with
Resemblyzer's own on Kokoro speech."""

from __future__ import annotations

import pytest
import torch

from litetts_cli.clone import encoder, torch_embed
from litetts_cli.engine.voices import VoiceLibrary
from litetts_cli.speech import Speaker


@pytest.fixture(scope="module")
def heart(installed_settings, tmp_path_factory):
    return VoiceLibrary(installed_settings.voices_dir, tmp_path_factory.mktemp("custom")).load("af_heart")


@pytest.mark.parametrize("text", ["Hello there.", "She opened the letter slowly and read it twice."])
def test_differentiable_embedding_matches_the_encoder(engine, heart, text):
    ids = [c.token_ids for c in Speaker(engine, heart).plan(text) if c.token_ids][0]
    audio = engine.synthesize(ids, heart.style_for(len(ids)))
    ours = torch_embed.embed(torch.from_numpy(audio)).detach().numpy()
    assert encoder.cosine(ours, encoder.embed(audio, 24_000)) > 0.99
