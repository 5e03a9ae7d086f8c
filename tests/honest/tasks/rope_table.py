"""Rotary embedding (half-split / NeoX layout) of x (batch, seq, heads, head_dim) with cos/sin tables
computed from inv_freq = 1 / 10000^(2i/d).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 2
seq = 64
heads = 4
head_dim = 32
SHAPES = [dict(batch=1, seq=9, heads=2, head_dim=16), dict(batch=2, seq=17, heads=3, head_dim=32)]


class Model(nn.Module):
    def __init__(self, head_dim, seq):
        super().__init__()
        inv = 1.0 / (10000 ** (torch.arange(0, head_dim, 2).float() / head_dim))
        t = torch.arange(seq).float()
        f = torch.outer(t, inv)
        self.register_buffer("cos", f.cos(), persistent=False)
        self.register_buffer("sin", f.sin(), persistent=False)

    def forward(self, x):
        S = x.shape[1]
        c = self.cos[:S].view(1, S, 1, -1)
        s = self.sin[:S].view(1, S, 1, -1)
        x1, x2 = x.chunk(2, dim=-1)
        return torch.cat([x1 * c - x2 * s, x2 * c + x1 * s], dim=-1)


def get_inputs():
    return [torch.randn(batch, seq, heads, head_dim)]


def get_init_inputs():
    return [head_dim, seq]
