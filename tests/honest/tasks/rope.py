"""Rotary position embedding (rotate-half form) of a (batch, seq, dim) fp32 tensor, with the inverse
frequencies held in a non-persistent buffer as Hugging Face models keep them.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 8
seq = 512
dim = 128
base = 10000.0

SHAPES = [dict(batch=2, seq=20, dim=32), dict(batch=1, seq=37, dim=64)]


class Model(nn.Module):
    def __init__(self, dim: int, base: float):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(x.shape[1], dtype=torch.float32, device=x.device)
        freqs = torch.outer(pos, self.inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        x1, x2 = x.chunk(2, dim=-1)
        rotated = torch.cat((-x2, x1), dim=-1)
        return x * emb.cos() + rotated * emb.sin()


def get_inputs():
    return [torch.randn(batch, seq, dim)]


def get_init_inputs():
    return [dim, base]
