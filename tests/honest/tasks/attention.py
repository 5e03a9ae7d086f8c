"""softmax(Q K^T * scale) V for (B, H, S, head_dim) fp32. The head dimension keeps the values SHAPES
gives it (a structure: flash-attention kernels take it as a power-of-two constexpr).

Honest-kernel corpus task (tests/honest).
"""
import math
import torch
import torch.nn as nn

B = 4
H = 8
S = 256
head_dim = 64
SHAPES = [dict(B=1, H=2, S=20, head_dim=16), dict(B=2, H=1, S=32, head_dim=32)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, q, k, v):
        s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
        return torch.softmax(s, dim=-1) @ v


def get_inputs():
    return [torch.randn(B, H, S, head_dim), torch.randn(B, H, S, head_dim), torch.randn(B, H, S, head_dim)]


def get_init_inputs():
    return []
