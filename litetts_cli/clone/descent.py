"""Gradient descent on a style offset, through Kokoro (torch) and the speaker encoder.

A voice is ``base + scale * z``: one 256-dim offset ``z`` (in units of the stock voices'
spread, ``scale``) added to every row of a base table (the stock blend), so the voice
keeps the base's per-length structure. Each step speaks one of the search sentences
with the current style, embeds the speech with the differentiable encoder
(``torch_embed``) and moves ``z`` (Adam) to raise the cosine similarity to the target,
less ``weight * mean(z^2)``, which keeps the voice near the stock voices' range, and
less a pitch term (``pitch_loss``) once the predicted F0 drifts more than a tolerance
from the speaker's, since the similarity alone can trade a woman's register for a man's.
Durations are taken from the current style without a gradient (they are whole frames);
the gradient reaches both halves of the style: the decoder's timbre half directly and
the prosody half through the predicted pitch and energy curves. Sentences take turns, so
the offset is fitted to the speaker rather than to one sentence.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from litetts_cli.clone import torch_embed


@dataclass(frozen=True)
class DescentOptions:
    learning_rate: float = 0.15
    weight: float = 0.02
    """Pull of ``mean(z^2)`` towards the base voice."""
    max_offset: float = 3.0
    """Each coordinate of ``z`` is kept within this many stock spreads."""
    min_steps: int = 4
    """Steps taken even past the deadline (up to ``overrun``), so a slow machine still
    moves off the start."""
    pitch_weight: float = 50.0
    """Weight of the pitch term (``pitch_loss``: log F0 beyond the tolerance) when a
    target F0 is given; 0 leaves pitch to the speaker similarity (which let a woman's
    clone end at 82 Hz). The similarity's gradient is nearly parallel to the log-F0
    gradient (cosine +-0.73-0.97 on six voice/target pairs) and 18-40 times longer, so
    the term must be that strong to hold the pitch against it."""
    pitch_tolerance_semitones: float = 2.0
    """The pitch term is zero while the voice's F0 is within this of the target."""


@dataclass
class DescentResult:
    offset: np.ndarray
    """``scale * z``: add it to every row of the base table."""
    steps: int
    history: list[float] = field(default_factory=list)
    """Similarity of each step's speech (to the sentence it spoke)."""
    snapshots: list[tuple[int, np.ndarray]] = field(default_factory=list)
    """(step, offset) every ``snapshot_every`` steps, and at the last step."""


class _Sentence:
    """One search sentence's style-independent parts, computed once."""

    def __init__(self, model, token_ids: Sequence[int], device):
        import torch

        from litetts_cli.engine.torch_blocks import Lengths

        self.tokens = torch.tensor([[0, *token_ids, 0]], device=device)
        self.lengths = torch.tensor([len(token_ids) + 2], device=device)
        self.row = len(token_ids)
        self.mask = Lengths(self.lengths, self.tokens.shape[1])
        with torch.no_grad():
            self.bert = model.bert_encoder(model.bert(self.tokens, self.mask))
            self.text = model.text_encoder(self.tokens, self.mask)


def _speak(model, sentence: _Sentence, style):
    """24 kHz audio and the predicted F0 curve in Hz (torch, with a gradient to
    ``style``, shape (1, 256))."""
    import torch

    from litetts_cli.engine.torch_blocks import packed_lstm
    from litetts_cli.engine.torch_engine import OUTPUT_GAIN
    from litetts_cli.engine.torch_model import STYLE_DIM, align

    decoder_style, prosody_style = style[:, :STYLE_DIM], style[:, STYLE_DIM:]
    features = model.predictor.text_encoder(sentence.bert, prosody_style, sentence.mask)
    with torch.no_grad():
        hidden = packed_lstm(model.predictor.lstm, features, sentence.lengths)
        frames = torch.sigmoid(model.predictor.duration_proj(hidden)).sum(-1)
        index, frame_lengths = align(torch.round(frames).clamp(min=1).long())
    aligned = torch.gather(features, 1, index[:, :, None].expand(-1, -1, features.shape[-1])).transpose(1, 2)
    f0, energy = model.predictor.f0_and_energy(aligned, prosody_style, frame_lengths)
    asr = torch.gather(sentence.text, 2, index[:, None, :].expand(-1, sentence.text.shape[1], -1))
    return model.decoder(asr, f0, energy, decoder_style, frame_lengths)[0].float().cpu() * OUTPUT_GAIN, f0[0]


def pitch_loss(f0, target_hz: float, tolerance_semitones: float = 2.0):
    """How far the predicted F0 curve ``f0`` (Hz) is from ``target_hz``, differentiable:
    ``max(|log(F0 / target_hz)| - tolerance, 0)`` where F0 is the geometric mean of the
    voiced frames (above 50 Hz). Every voiced frame gets a gradient (a median would pass
    it to one frame only); inside the tolerance the term is zero, so the speaker
    similarity alone shapes the voice there; beyond it the pull is constant (a hinge,
    not its square, which would be weakest just where the drift begins)."""
    import torch

    voiced = f0[f0 > 50]
    if voiced.numel() == 0:
        return f0.sum() * 0
    distance = torch.abs(torch.log(voiced).mean() - float(np.log(target_hz)))
    return torch.relu(distance - tolerance_semitones * float(np.log(2)) / 12)


def descend(model, base: np.ndarray, scale: np.ndarray, target: np.ndarray, sentences: Sequence[Sequence[int]],
            deadline: float, options: DescentOptions = DescentOptions(), max_steps: int = 10_000,
            snapshot_every: int = 0, progress: Callable[[int, float], None] = lambda step, sim: None,
            target_f0: float | None = None, overrun: float = 0.0) -> DescentResult:
    """Fit an offset to ``base`` (510 x 256 or 510 x 1 x 256) until ``deadline``
    (``time.monotonic()``) or ``max_steps``; ``sentences`` are token ids of one chunk each.
    Until ``options.min_steps`` are done, the descent may go on ``overrun`` seconds past
    the deadline."""
    import torch

    for parameter in model.parameters():  # gradients for the style only, not the weights
        parameter.requires_grad_(False)
    device = next(model.parameters()).device
    threads = torch.get_num_threads()
    try:
        return _descend(model, device, base, scale, target, sentences, deadline, options, max_steps,
                        snapshot_every, progress, target_f0, overrun)
    finally:
        torch.set_num_threads(threads)


def _descend(model, device, base, scale, target, sentences, deadline, options, max_steps, snapshot_every, progress,
             target_f0, overrun):
    import torch

    table = torch.from_numpy(np.asarray(base, dtype=np.float32).reshape(len(base), -1))
    spread = torch.from_numpy(np.asarray(scale, dtype=np.float32).reshape(-1))
    goal = torch.from_numpy(np.asarray(target, dtype=np.float32))
    prepared = [_Sentence(model, ids, device) for ids in sentences]
    z = torch.zeros(table.shape[1], requires_grad=True)
    optimizer = torch.optim.Adam([z], lr=options.learning_rate)
    result = DescentResult(np.zeros(table.shape[1], np.float32), 0)
    while result.steps < max_steps and keep_going(result.steps, time.monotonic(), deadline, options.min_steps, overrun):
        if result.steps % 4 == 0:
            torch.set_num_threads(step_threads())
        sentence = prepared[result.steps % len(prepared)]
        style = (table[min(sentence.row, len(table) - 1)] + spread * z)[None]
        audio, f0 = _speak(model, sentence, style.to(device))
        similarity = torch_embed.embed(audio) @ goal
        loss = -similarity + options.weight * (z ** 2).mean()
        if target_f0 and options.pitch_weight:
            loss = loss + options.pitch_weight * pitch_loss(f0.float().cpu(), target_f0,
                                                            options.pitch_tolerance_semitones)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            z.clamp_(-options.max_offset, options.max_offset)
        result.steps += 1
        result.history.append(float(similarity.detach()))
        progress(result.steps, result.history[-1])
        if snapshot_every and result.steps % snapshot_every == 0:
            result.snapshots.append((result.steps, (spread * z).detach().numpy().copy()))
    result.offset = (spread * z).detach().numpy().astype(np.float32)
    if result.steps and (not result.snapshots or result.snapshots[-1][0] != result.steps):
        result.snapshots.append((result.steps, result.offset.copy()))
    return result


def keep_going(steps: int, now: float, deadline: float, min_steps: int, overrun: float) -> bool:
    """Whether the descent takes another step."""
    return now < deadline or (steps < min_steps and now < deadline + overrun)


def step_threads(cores: int | None = None, load: float | None = None) -> int:
    """Threads for a descent step: all cores on a quiet machine, one when the machine is
    already busy (load average at or above the core count), where threads of one step
    wait on each other for a share of the cores (measured at load ~12 on 2 cores: a step
    took 11 s on one thread, 42-69 s on two)."""
    import os

    cores = cores or os.cpu_count() or 1
    load = os.getloadavg()[0] if load is None else load
    return 1 if load >= cores else cores


def stock_scale(packs: np.ndarray) -> np.ndarray:
    """Per-dimension spread (standard deviation) of the stock voices' mean style rows."""
    means = np.asarray(packs, dtype=np.float32).reshape(len(packs), packs.shape[1], -1).mean(1)
    return means.std(0) + 1e-4
