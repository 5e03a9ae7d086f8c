"""Rotary position embedding (NeoX rotate-half) applied at explicit position ids, as Hugging Face's rotary
layers take them: forward(x, position_ids), cos/sin of position_ids * inv_freq. get_inputs passes the
prefill positions 0..seq-1; a decode step or a packed sequence passes others (an offset, restarts).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 4
seq = 512
dim = 64
SHAPES = [dict(batch=2, seq=7, dim=16), dict(batch=1, seq=33, dim=32)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.register_buffer("inv_freq", 1.0 / (10000.0 ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim)))

    def forward(self, x, position_ids):
        freqs = position_ids[:, None].float() * self.inv_freq[None, :]
        cos, sin = freqs.cos(), freqs.sin()
        half = x.shape[-1] // 2
        x1, x2 = x[..., :half], x[..., half:]
        return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], dim=-1)


def get_inputs():
    return [torch.randn(batch, seq, dim), torch.arange(seq)]


def get_init_inputs():
    return [dim]
