"""Distil smaller Kokoro vocoders (generators) from the bundled one, on a GPU.

    python3 benchmarks/distill/train.py DATA_DIR OUT_DIR --budget-s 500 --students s4,s13 [--init DIR]

DATA_DIR is what prep.py builds: compact.npz (or its parts compact.part*), voices.npz,
tokens.npz. OUT_DIR gets student-NAME.npz (the format engine/onnx_student.py writes into
the int8 graph), log.npy (the training loss per step) and the evaluation line. The teacher is the
bundled int8 model in float with its ConvInteger inputs fake-quantized per call (as ONNX
Runtime's DynamicQuantizeLinear does); students drop resblocks (and optionally shrink the
noise resblocks' kernels), start from the teacher's weights, and train their convolutions
with 7-bit per-tensor weight fake quantization (the export format) on the teacher's audio.
"""
from __future__ import annotations

import argparse
import copy
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root
from litetts_cli.engine import torch_vocoder as V  # noqa: E402
from litetts_cli.engine.torch_blocks import fuse_on_gpu  # noqa: E402
from litetts_cli.engine.torch_model import load_model  # noqa: E402
from litetts_cli.engine.torch_weights import load_compact  # noqa: E402
from litetts_cli.spectral import mel_filters  # noqa: E402

STUDENTS = {
    # name: (kept resblock kernel indices per stage, noise_res kernels or None)
    "s1": ((0,), None),
    "s3": ((1,), None),
    "s13": ((0, 1), None),
    "s4": ((0,), (3, 3)),
    "s5": ((0,), (3, 5)),
}


def fq_act(x: torch.Tensor) -> torch.Tensor:
    """DynamicQuantizeLinear per row (uint8, range including 0), straight-through."""
    dims = tuple(range(1, x.dim()))
    mn = x.detach().amin(dim=dims, keepdim=True).clamp(max=0)
    mx = x.detach().amax(dim=dims, keepdim=True).clamp(min=0)
    scale = ((mx - mn) / 255).clamp(min=1e-12)
    zp = torch.round(-mn / scale).clamp(0, 255)
    xq = ((torch.round(x.detach() / scale) + zp).clamp(0, 255) - zp) * scale
    return x + (xq - x).detach()


def fq_weight(w: torch.Tensor) -> torch.Tensor:
    scale = (w.detach().abs().amax() / 63).clamp(min=1e-12)
    wq = torch.clamp(torch.round(w.detach() / scale), -63, 63) * scale
    return w + (wq - w).detach()


class QConv(nn.Conv1d):
    """A generator convolution as the int8 graph computes it."""

    quant_weight = False

    def forward(self, x):
        w = fq_weight(self.weight) if self.quant_weight else self.weight
        return F.conv1d(fq_act(x), w, self.bias, self.stride, self.padding, self.dilation)


def to_qconv(conv: nn.Conv1d, quant_weight: bool) -> QConv:
    q = QConv(conv.in_channels, conv.out_channels, conv.kernel_size[0], conv.stride[0], conv.padding[0],
              conv.dilation[0], device=conv.weight.device)
    q.load_state_dict(conv.state_dict())
    q.quant_weight = quant_weight
    return q


def quantize_generator(gen: V.Generator, quant_weight: bool) -> None:
    """Swap every ConvInteger-backed conv (resblocks, noise_res, noise_convs) for QConv."""
    for blocks in (gen.resblocks, gen.noise_res):
        for block in blocks:
            for convs in (block.convs1, block.convs2):
                for i in range(len(convs)):
                    convs[i] = to_qconv(convs[i], quant_weight)
    for i in range(len(gen.noise_convs)):
        gen.noise_convs[i] = to_qconv(gen.noise_convs[i], quant_weight)


def shrink_block(block: V.AdaINResBlock1, kernel: int) -> None:
    """The block's convolutions cut to their ``kernel`` centre taps (padding to match)."""
    for convs, dilated in ((block.convs1, True), (block.convs2, False)):
        for i, (conv, d) in enumerate(zip(convs, V.DILATIONS)):
            k = conv.kernel_size[0]
            start = (k - kernel) // 2
            dil = d if dilated else 1
            new = nn.Conv1d(conv.in_channels, conv.out_channels, kernel, 1, dilation=dil,
                            padding=(kernel * dil - dil) // 2, device=conv.weight.device)
            with torch.no_grad():
                new.weight.copy_(conv.weight[:, :, start:start + kernel])
                new.bias.copy_(conv.bias)
            convs[i] = new


class Student(nn.Module):
    def __init__(self, teacher_gen: V.Generator, keep: tuple[int, ...], noise_kernels):
        super().__init__()
        self.gen = copy.deepcopy(teacher_gen)
        self.keep = keep
        if noise_kernels is not None:
            for block, k in zip(self.gen.noise_res, noise_kernels):
                shrink_block(block, k)
        per = len(V.RESBLOCK_KERNELS)
        self.kept_blocks = [stage * per + k for stage in range(len(V.UPSAMPLE_RATES)) for k in keep]
        self.gen.kept_resblocks = tuple(keep)
        quantize_generator(self.gen, quant_weight=True)

    def trainable(self):
        g = self.gen
        mods = [g.ups, g.noise_convs, g.noise_res, g.conv_post] + [g.resblocks[i] for i in self.kept_blocks]
        params = []
        for m in mods:
            for name, p in m.named_parameters():
                if "adain" in name or "alpha" in name:
                    p.requires_grad_(False)
                else:
                    params.append(p)
        for i, b in enumerate(g.resblocks):
            if i not in self.kept_blocks:
                b.requires_grad_(False)
        g.m_source.requires_grad_(False)
        return params

    def forward(self, x, style, f0, lengths):
        return self.gen(x, style, f0, lengths)


@torch.no_grad()
def generator_inputs(model, tokens, token_lengths, styles, speeds):
    """The generator's arguments for a batch, and each row's audio length in samples."""
    prosody = model.prosody(tokens, token_lengths, styles, speeds)
    frames = prosody.decoder_inputs[-1]
    return (*model.decoder.generator_inputs(*prosody.decoder_inputs), frames.lengths * V.SAMPLES_PER_FRAME)


class Losses:
    def __init__(self, device):
        self.mel = torch.from_numpy(mel_filters(24000)).float().to(device)
        self.windows = {n: torch.hann_window(n, device=device) for n in (256, 512, 1024, 2048)}

    def logpow(self, audio, n_fft, hop):
        spec = torch.stft(audio, n_fft, hop, n_fft, window=self.windows[n_fft], center=False, return_complex=True)
        return spec.real ** 2 + spec.imag ** 2

    def __call__(self, student, teacher, mask):
        s, t = student * mask, teacher * mask
        ps, pt = self.logpow(s, 1024, 256), self.logpow(t, 1024, 256)
        mel = (torch.log10((self.mel @ ps).clamp(min=1e-5)) - torch.log10((self.mel @ pt).clamp(min=1e-5))).abs().mean()
        stft = 0.0
        for n, hop in ((256, 64), (512, 128), (2048, 512)):
            a, b = self.logpow(s, n, hop), self.logpow(t, n, hop)
            stft = stft + (torch.log10(a.clamp(min=1e-7)) - torch.log10(b.clamp(min=1e-7))).abs().mean()
        wave = (s - t).abs().sum() / mask.sum()
        return mel, stft / 3, wave


def batches(tokens, lengths, voices, budget_tokens, rng, device):
    order = np.argsort(lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)])
    names = list(voices)
    while True:
        i = rng.integers(len(order))
        n = max(1, budget_tokens // int(lengths[order[i]] + 2))
        picked = order[max(0, min(i, len(order) - n)):][:n]
        seqs = [tokens[starts[j]:starts[j + 1]].astype(np.int64) for j in picked]
        width = max(len(s) for s in seqs) + 2
        batch = np.zeros((len(seqs), width), np.int64)
        styles = np.zeros((len(seqs), 256), np.float32)
        for r, s in enumerate(seqs):
            batch[r, 1:len(s) + 1] = s
            pack = voices[names[rng.integers(len(names))]]
            styles[r] = pack[min(len(s), len(pack) - 1)]
        yield (torch.from_numpy(batch).to(device), torch.tensor([len(s) + 2 for s in seqs], device=device),
               torch.from_numpy(styles).to(device), torch.from_numpy(rng.uniform(0.8, 1.25, len(seqs)).astype(np.float32)).to(device))


def export_state(student: Student) -> dict:
    """Trained weights in export form: int8 steps + scale for QConvs, float16 for the rest."""
    out = {}
    for name, module in student.gen.named_modules():
        if isinstance(module, QConv):
            if name.startswith("resblocks.") and int(name.split(".")[1]) not in student.kept_blocks:
                continue
            w = module.weight.detach().float()
            scale = (w.abs().amax() / 63).clamp(min=1e-12)
            out[f"q|{name}"] = torch.clamp(torch.round(w / scale), -63, 63).to(torch.int8).cpu().numpy()
            out[f"s|{name}"] = np.float32(scale.item())
            out[f"b|{name}"] = module.bias.detach().float().cpu().numpy()
        elif name in ("ups.0", "ups.1", "conv_post"):
            out[f"w|{name}"] = module.weight.detach().half().cpu().numpy()
            out[f"b|{name}"] = module.bias.detach().float().cpu().numpy()
    return out


def load_state(student: Student, path: Path) -> None:
    d = np.load(path)
    with torch.no_grad():
        for name, mod in student.gen.named_modules():
            if f"q|{name}" in d.files:
                mod.weight.copy_(torch.from_numpy(d[f"q|{name}"].astype(np.float32) * d[f"s|{name}"]))
            elif f"w|{name}" in d.files:
                mod.weight.copy_(torch.from_numpy(d[f"w|{name}"].astype(np.float32)))
            else:
                continue
            mod.bias.copy_(torch.from_numpy(d[f"b|{name}"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--budget-s", type=float, default=420)
    ap.add_argument("--students", default="s1,s3,s4")
    ap.add_argument("--batch-tokens", type=int, default=1200)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--init", type=Path, default=None, help="folder of student-NAME.npz to start from")
    ap.add_argument("--warm", type=int, default=50)
    ap.add_argument("--eval-sentences", type=int, default=24)
    args = ap.parse_args()
    t0 = time.time()
    device = args.device
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    fuse_on_gpu(False)
    parts = sorted(args.data.glob("compact.part*"))
    compact = args.data / "compact.npz"
    if parts:
        compact = args.out / "compact.npz"
        with open(compact, "wb") as f:
            for p in parts:
                f.write(p.read_bytes())
    model = load_model(load_compact(compact), device)
    if parts:
        compact.unlink()
    teacher = model.decoder.generator
    quantize_generator(teacher, quant_weight=False)
    teacher.requires_grad_(False)
    with np.load(args.data / "tokens.npz") as d:
        tokens, lengths = d["flat"], d["lengths"]
    with np.load(args.data / "voices.npz") as d:
        voices = {k: d[k].astype(np.float32) for k in d.files}
    rng = np.random.default_rng(0)
    held = rng.permutation(len(lengths))[:args.eval_sentences]  # fixed evaluation batch (also in training; a probe)
    students = {}
    for name in args.students.split(","):
        keep, noise = STUDENTS[name]
        s = Student(teacher, keep, noise).to(device)
        if args.init is not None and (args.init / f"student-{name}.npz").is_file():
            load_state(s, args.init / f"student-{name}.npz")
            print(f"{name}: from {args.init}", flush=True)
        params = s.trainable()
        opt = torch.optim.AdamW(params, lr=args.lr, betas=(0.8, 0.99), weight_decay=0.0)
        students[name] = (s, opt, params)
    losses = Losses(device)
    gen = batches(tokens, lengths, voices, args.batch_tokens, rng, device)
    print(f"setup {time.time() - t0:.1f}s, students {list(students)}", flush=True)
    budget_end = t0 + args.budget_s
    step, log = 0, []
    warm = args.warm
    train_start = time.time()
    while time.time() < budget_end and step < args.max_steps:
        tok, tl, sty, spd = next(gen)
        x, style, f0, lens, audio_len = generator_inputs(model, tok, tl, sty, spd)
        with torch.no_grad():
            target = teacher(x, style, f0, lens)
        n = target.shape[1]
        mask = (torch.arange(n, device=device)[None] < audio_len[:, None]).float()
        # cosine over the expected number of steps (re-estimated from the pace so far)
        elapsed = time.time() - train_start
        frac = min(1.0, elapsed / max(1.0, budget_end - train_start))
        lr = args.lr * min(1.0, (step + 1) / warm) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))
        row = {"step": step}
        for name, (s, opt, params) in students.items():
            for g in opt.param_groups:
                g["lr"] = lr
            out = s(x, style, f0, lens)
            mel, stft, wave = losses(out, target, mask)
            loss = 45 * mel + 15 * stft + 2 * wave
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            row[name] = round(float(mel.detach()), 4)
        log.append(row)
        if step % 25 == 0:
            print(f"{time.time() - t0:6.1f}s step {step} audio {float(audio_len.sum()) / 24000:.0f}s lr {lr:.2e} {row}", flush=True)
        step += 1
    # evaluation on a fixed batch: log-mel distance per row, as spectral.log_mel_distance
    for name, (s, opt, params) in students.items():
        s.eval()
    sel = held
    starts = np.concatenate([[0], np.cumsum(lengths)])
    report = {}
    with torch.no_grad():
        for name, (s, _, _) in students.items():
            dists = []
            for j in sel:
                seq = tokens[starts[j]:starts[j + 1]].astype(np.int64)
                tok = torch.from_numpy(np.concatenate([[0], seq, [0]]))[None].to(device)
                pack = voices[list(voices)[j % len(voices)]]
                sty = torch.from_numpy(pack[min(len(seq), len(pack) - 1)])[None].to(device)
                x, style, f0, lens, alen = generator_inputs(model, tok, torch.tensor([len(seq) + 2], device=device), sty, torch.ones(1, device=device))
                t = teacher(x, style, f0, lens)
                o = s(x, style, f0, lens)
                m, _, _ = losses(o, t, torch.ones_like(t))
                dists.append(float(m))
            report[name] = (float(np.mean(dists)), float(np.max(dists)))
            np.savez_compressed(args.out / f"student-{name}.npz", **export_state(s))
    print("eval log-mel vs fake-quant teacher (mean, worst):", report, flush=True)
    print(f"steps {step}, total {time.time() - t0:.1f}s", flush=True)
    np.save(args.out / "log.npy", np.array([[r["step"]] + [r[n] for n in students] for r in log]))


if __name__ == "__main__":
    main()
