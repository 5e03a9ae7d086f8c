"""Single-head attention with separate q/k/v projections (nn.Linear each, no bias) and an optional mask
argument that defaults to None; x is (batch, seq, d). The inputs pass a mask (bool, (batch, seq, seq),
True: attend): a kernel that keeps the argument and ignores it is wrong.

Honest-kernel corpus task (tests/honest).
"""
import math
import torch
import torch.nn as nn

batch = 2
seq = 32
d = 32
SHAPES = [dict(batch=2, seq=7, d=16), dict(batch=1, seq=16, d=16)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.q_proj = nn.Linear(d, d, bias=False)
        self.k_proj = nn.Linear(d, d, bias=False)
        self.v_proj = nn.Linear(d, d, bias=False)

    def forward(self, x, mask=None):
        q, k, v = self.q_proj(x), self.k_proj(x), self.v_proj(x)
        s = q @ k.transpose(-1, -2) / math.sqrt(x.shape[-1])
        if mask is not None:
            s = s.masked_fill(~mask, float("-inf"))
        return torch.softmax(s, dim=-1) @ v


def get_inputs():
    # a mask of its own per query (True: attend), the diagonal always kept: every row attends somewhere
    mask = (torch.rand(batch, seq, seq) < 0.7) | torch.eye(seq, dtype=torch.bool)
    return [torch.randn(batch, seq, d), mask]


def get_init_inputs():
    return [d]
