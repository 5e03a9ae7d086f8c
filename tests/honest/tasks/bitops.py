"""Per-element bit reversal, count of leading zeros and find-first-set of int32 values; returns an
(n, 3) int32 tensor [brev, clz, ffs].

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 2000
SHAPES = [dict(n=500), dict(n=129)]


class Model(nn.Module):
    def forward(self, x):
        u = x.to(torch.int64) & 0xFFFFFFFF
        i = torch.arange(32)
        bits = ((u.unsqueeze(-1) >> i) & 1).bool()
        rev = ((bits.to(torch.int64)) << (31 - i)).sum(-1)
        rev = rev - (rev >= 2**31).to(torch.int64) * 2**32
        hi = torch.where(bits, i, -1).max(-1).values
        clz = 31 - hi
        lo = torch.where(bits, i, 32).min(-1).values
        ffs = torch.where(lo == 32, 0, lo + 1)
        return torch.stack([rev, clz, ffs], dim=-1).to(torch.int32)


def get_inputs():
    x = torch.randint(-2**31, 2**31 - 1, (n,), dtype=torch.int32)
    x[::7] = 0
    x[1::11] = x[1::11] >> 20
    return [x]


def get_init_inputs():
    return []
