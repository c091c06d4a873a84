"""Kokoro-82M v1.0 as a torch module that synthesizes padded batches.

The architecture is StyleTTS2's inference path as Kokoro publishes it: a 12-layer ALBERT
(one shared layer) reads the phonemes, a style-conditioned duration encoder and LSTM
predict how many 25 ms frames each phoneme lasts, F0 and energy are predicted per frame,
and the decoder (``torch_vocoder``) turns the aligned text features into audio. Module
and parameter names follow the published checkpoint, so the weights read from the ONNX
export (``torch_weights``) load by name.

Rows of a batch may have different token counts: attention ignores padded keys, the
LSTMs run packed, and norms and convolutions are masked (``torch_blocks``), so each row
gives what it would give alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from litetts_cli.engine.torch_blocks import AdainResBlk1d, Lengths, packed_lstm
from litetts_cli.engine.torch_vocoder import SAMPLES_PER_FRAME, Decoder

N_TOKENS = 178
HIDDEN = 512
STYLE_DIM = 128
MAX_DURATION = 50
ALBERT_HIDDEN = 768
ALBERT_EMBEDDING = 128
ALBERT_HEADS = 12
ALBERT_LAYERS = 12
ALBERT_FFN = 2048
ALBERT_EPS = 1e-12
MAX_POSITIONS = 512


class AlbertEmbeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(N_TOKENS, ALBERT_EMBEDDING)
        self.position_embeddings = nn.Embedding(MAX_POSITIONS, ALBERT_EMBEDDING)
        self.token_type_embeddings = nn.Embedding(2, ALBERT_EMBEDDING)
        self.LayerNorm = nn.LayerNorm(ALBERT_EMBEDDING, eps=ALBERT_EPS)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        x = self.word_embeddings(tokens) + self.position_embeddings(positions)[None] + self.token_type_embeddings.weight[0]
        return self.LayerNorm(x)


class AlbertAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(ALBERT_HIDDEN, ALBERT_HIDDEN)
        self.key = nn.Linear(ALBERT_HIDDEN, ALBERT_HIDDEN)
        self.value = nn.Linear(ALBERT_HIDDEN, ALBERT_HIDDEN)
        self.dense = nn.Linear(ALBERT_HIDDEN, ALBERT_HIDDEN)
        self.LayerNorm = nn.LayerNorm(ALBERT_HIDDEN, eps=ALBERT_EPS)

    def forward(self, x: torch.Tensor, key_mask: torch.Tensor | None) -> torch.Tensor:
        b, t, _ = x.shape

        def heads(layer: nn.Linear) -> torch.Tensor:
            return layer(x).view(b, t, ALBERT_HEADS, -1).transpose(1, 2)

        context = F.scaled_dot_product_attention(heads(self.query), heads(self.key), heads(self.value), attn_mask=key_mask)
        return self.LayerNorm(x + self.dense(context.transpose(1, 2).reshape(b, t, ALBERT_HIDDEN)))


class AlbertLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = AlbertAttention()
        self.ffn = nn.Linear(ALBERT_HIDDEN, ALBERT_FFN)
        self.ffn_output = nn.Linear(ALBERT_FFN, ALBERT_HIDDEN)
        self.full_layer_layer_norm = nn.LayerNorm(ALBERT_HIDDEN, eps=ALBERT_EPS)

    def forward(self, x: torch.Tensor, key_mask: torch.Tensor | None) -> torch.Tensor:
        x = self.attention(x, key_mask)
        return self.full_layer_layer_norm(x + self.ffn_output(F.gelu(self.ffn(x), approximate="tanh")))


class AlbertGroup(nn.Module):
    def __init__(self):
        super().__init__()
        self.albert_layers = nn.ModuleList([AlbertLayer()])


class AlbertEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding_hidden_mapping_in = nn.Linear(ALBERT_EMBEDDING, ALBERT_HIDDEN)
        self.albert_layer_groups = nn.ModuleList([AlbertGroup()])


class Albert(nn.Module):
    """ALBERT: one transformer layer applied twelve times."""

    def __init__(self):
        super().__init__()
        self.embeddings = AlbertEmbeddings()
        self.encoder = AlbertEncoder()

    def forward(self, tokens: torch.Tensor, tokens_len: Lengths) -> torch.Tensor:
        key_mask = None if tokens_len.full else (tokens_len.mask > 0).unsqueeze(1)  # (B, 1, 1, T)
        x = self.encoder.embedding_hidden_mapping_in(self.embeddings(tokens))
        layer = self.encoder.albert_layer_groups[0].albert_layers[0]
        for _ in range(ALBERT_LAYERS):
            x = layer(x, key_mask)
        return x


class ChannelLayerNorm(nn.Module):
    """LayerNorm over the channels of a (B, C, T) tensor."""

    def __init__(self, channels: int):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(x.transpose(1, 2), x.shape[1:2], self.gamma, self.beta, 1e-5).transpose(1, 2)


class TextEncoder(nn.Module):
    def __init__(self, channels: int = HIDDEN, kernel: int = 5, depth: int = 3):
        super().__init__()
        self.embedding = nn.Embedding(N_TOKENS, channels)
        self.cnn = nn.ModuleList(
            nn.Sequential(nn.Conv1d(channels, channels, kernel, padding=kernel // 2), ChannelLayerNorm(channels))
            for _ in range(depth)
        )
        self.lstm = nn.LSTM(channels, channels // 2, 1, batch_first=True, bidirectional=True)

    def forward(self, tokens: torch.Tensor, tokens_len: Lengths) -> torch.Tensor:
        x = tokens_len.zero_pad(self.embedding(tokens).transpose(1, 2))
        for block in self.cnn:
            x = tokens_len.zero_pad(F.leaky_relu(block(x), 0.2))
        return packed_lstm(self.lstm, x.transpose(1, 2), tokens_len.lengths).transpose(1, 2)


class AdaLayerNorm(nn.Module):
    def __init__(self, style_dim: int, channels: int):
        super().__init__()
        self.fc = nn.Linear(style_dim, channels * 2)

    def forward(self, x: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
        """x (B, T, C)."""
        gamma, beta = self.fc(style).unsqueeze(1).chunk(2, dim=-1)
        return (1 + gamma) * F.layer_norm(x, x.shape[-1:], eps=1e-5) + beta


class DurationEncoder(nn.Module):
    def __init__(self, depth: int = 3):
        super().__init__()
        self.lstms = nn.ModuleList()
        for _ in range(depth):
            self.lstms.append(nn.LSTM(HIDDEN + STYLE_DIM, HIDDEN // 2, 1, batch_first=True, bidirectional=True))
            self.lstms.append(AdaLayerNorm(STYLE_DIM, HIDDEN))

    def forward(self, x: torch.Tensor, style: torch.Tensor, tokens_len: Lengths) -> torch.Tensor:
        """x (B, T, 512) -> (B, T, 640): text features with the style appended."""
        styles = style.unsqueeze(1).expand(-1, x.shape[1], -1)
        mask = tokens_len.mask.transpose(1, 2)
        x = torch.cat([x, styles], dim=-1) * mask
        for block in self.lstms:
            if isinstance(block, nn.LSTM):
                x = packed_lstm(block, x, tokens_len.lengths)
            else:
                x = torch.cat([block(x, style), styles], dim=-1) * mask
        return x


class LinearNorm(nn.Module):
    def __init__(self, dim_in: int, dim_out: int):
        super().__init__()
        self.linear_layer = nn.Linear(dim_in, dim_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear_layer(x)


class ProsodyPredictor(nn.Module):
    def __init__(self):
        super().__init__()
        self.text_encoder = DurationEncoder()
        self.lstm = nn.LSTM(HIDDEN + STYLE_DIM, HIDDEN // 2, 1, batch_first=True, bidirectional=True)
        self.duration_proj = LinearNorm(HIDDEN, MAX_DURATION)
        self.shared = nn.LSTM(HIDDEN + STYLE_DIM, HIDDEN // 2, 1, batch_first=True, bidirectional=True)
        for name in ("F0", "N"):
            setattr(self, name, nn.ModuleList([
                AdainResBlk1d(HIDDEN, HIDDEN, STYLE_DIM),
                AdainResBlk1d(HIDDEN, HIDDEN // 2, STYLE_DIM, upsample=True),
                AdainResBlk1d(HIDDEN // 2, HIDDEN // 2, STYLE_DIM),
            ]))
        self.F0_proj = nn.Conv1d(HIDDEN // 2, 1, 1)
        self.N_proj = nn.Conv1d(HIDDEN // 2, 1, 1)

    def f0_and_energy(self, aligned: torch.Tensor, style: torch.Tensor, frames: Lengths) -> tuple[torch.Tensor, torch.Tensor]:
        """aligned (B, 640, F) -> F0 and energy curves (B, 2F)."""
        shared = packed_lstm(self.shared, aligned.transpose(1, 2), frames.lengths).transpose(1, 2)
        curves = []
        for blocks, proj in ((self.F0, self.F0_proj), (self.N, self.N_proj)):
            x, lengths = shared, frames
            for block in blocks:
                x, lengths = block(x, style, lengths)
            curves.append(proj(x).squeeze(1))
        return curves[0], curves[1]


@dataclass
class BatchOutput:
    """Padded audio of a batch, each row's real length, and per-token frame counts."""

    audio: torch.Tensor
    """(B, samples) float32, 24 kHz; row b is real up to ``audio_lengths[b]``."""
    audio_lengths: torch.Tensor
    durations: torch.Tensor
    """(B, tokens) frames of 600 samples per token (boundary pads included; 0 past a row's tokens)."""


@dataclass
class Prosody:
    """What the decoder speaks from: its inputs, and the durations they came from."""

    decoder_inputs: tuple
    """(asr (B, 512, F), f0 (B, 2F), energy (B, 2F), decoder style (B, 128), frame Lengths)."""
    durations: torch.Tensor


class KokoroModel(nn.Module):
    """Token ids, a style row and a speed per row -> audio and per-token durations."""

    def __init__(self):
        super().__init__()
        self.bert = Albert()
        self.bert_encoder = nn.Linear(ALBERT_HIDDEN, HIDDEN)
        self.predictor = ProsodyPredictor()
        self.text_encoder = TextEncoder()
        self.decoder = Decoder(HIDDEN, STYLE_DIM)
        self.decoder_dtype: torch.dtype | None = None
        """bf16 runs the decoder (nine tenths of the work) under autocast on a GPU;
        None keeps float32 (TF32 matmuls on CUDA). Durations, F0 and the harmonic
        source stay float32 either way."""

    @torch.inference_mode()
    def forward(self, tokens: torch.Tensor, token_lengths: torch.Tensor, styles: torch.Tensor, speeds: torch.Tensor) -> BatchOutput:
        """
        Args:
            tokens: (B, T) int64 ids, each row ``[0, *ids, 0]`` then zero padding.
            token_lengths: (B,) real length of each row (the two boundary zeros included).
            styles: (B, 256) voice style rows (decoder half first, prosody half second).
            speeds: (B,) speaking rates; 1.0 is the voice's natural speed.
        """
        prosody = self.prosody(tokens, token_lengths, styles, speeds)
        with torch.autocast(tokens.device.type, dtype=self.decoder_dtype or torch.float32,
                            enabled=self.decoder_dtype is not None):
            audio = self.decoder(*prosody.decoder_inputs)
        return BatchOutput(audio, prosody.decoder_inputs[-1].lengths * SAMPLES_PER_FRAME, prosody.durations)

    def prosody(self, tokens: torch.Tensor, token_lengths: torch.Tensor, styles: torch.Tensor, speeds: torch.Tensor) -> Prosody:
        """Text, durations, F0 and energy: everything before the decoder."""
        tokens_len = Lengths(token_lengths, tokens.shape[1])
        prosody_style, decoder_style = styles[:, STYLE_DIM:], styles[:, :STYLE_DIM]
        bert = self.bert_encoder(self.bert(tokens, tokens_len))
        d = self.predictor.text_encoder(bert, prosody_style, tokens_len)
        x = packed_lstm(self.predictor.lstm, d, token_lengths)
        frames = torch.sigmoid(self.predictor.duration_proj(x)).sum(-1) / speeds[:, None]
        durations = torch.round(frames).clamp(min=1).long() * tokens_len.mask[:, 0].long()
        aligned_index, frames_len = align(durations)
        aligned = torch.gather(d, 1, aligned_index[:, :, None].expand(-1, -1, d.shape[-1])).transpose(1, 2)
        f0, energy = self.predictor.f0_and_energy(aligned, prosody_style, frames_len)
        text = self.text_encoder(tokens, tokens_len)
        asr = torch.gather(text, 2, aligned_index[:, None, :].expand(-1, text.shape[1], -1))
        return Prosody((asr, f0, energy, decoder_style, frames_len), durations)


def align(durations: torch.Tensor) -> tuple[torch.Tensor, Lengths]:
    """For each output frame, the index of the token it belongs to; and frame lengths."""
    ends = torch.cumsum(durations, dim=1)
    total = ends[:, -1]
    padded = int(total.max())
    steps = torch.arange(padded, device=durations.device).expand(durations.shape[0], -1).contiguous()
    index = torch.searchsorted(ends, steps, right=True).clamp(max=durations.shape[1] - 1)
    return index, Lengths(total, padded)


def load_model(state: dict, device: str = "cpu") -> KokoroModel:
    """A :class:`KokoroModel` in eval mode on ``device`` with ``state`` (numpy arrays) loaded."""
    with torch.device(device):  # built where it runs: random init on a GPU is quick, then overwritten
        model = KokoroModel()
    tensors = {k: torch.from_numpy(v) for k, v in state.items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    if missing or unexpected:
        from litetts_cli.errors import EngineError

        raise EngineError(
            f"the model's weights do not fit the Kokoro v1.0 architecture "
            f"(missing {missing[:3]}, unexpected {unexpected[:3]})",
            hint="use the bundled kokoro-v1.0-int8 model",
        )
    return model.eval().to(device)

