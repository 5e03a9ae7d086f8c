"""KernelBench level-3 style self-attention block: fused qkv projection, multi-head softmax attention (no mask),
output projection. x is (batch, seq, d_model).

Honest-kernel corpus task (tests/honest).
"""
import math
import torch
import torch.nn as nn

batch = 2
seq = 64
d_model = 128
n_heads = 4
SHAPES = [dict(batch=2, seq=7, d_model=64, n_heads=4), dict(batch=1, seq=16, d_model=64, n_heads=4)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.out = nn.Linear(d_model, d_model)

    def forward(self, x):
        B, S, D = x.shape
        H = self.n_heads
        q, k, v = self.qkv(x).view(B, S, 3, H, D // H).permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(D // H), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, S, D)
        return self.out(y)


def get_inputs():
    return [torch.randn(batch, seq, d_model)]


def get_init_inputs():
    return [d_model, n_heads]
