"""First-order linear recurrence along the last dim: h[:, t] = a[:, t] * h[:, t-1] + x[:, t], h[:, -1] = 0.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 64
T = 2048
SHAPES = [dict(rows=5, T=300), dict(rows=3, T=1024)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, a, x):
        h = torch.zeros_like(x[:, 0])
        outs = []
        for t in range(x.shape[1]):
            h = a[:, t] * h + x[:, t]
            outs.append(h)
        return torch.stack(outs, dim=1)


def get_inputs():
    return [torch.rand(rows, T) * 0.65 + 0.3, torch.randn(rows, T)]


def get_init_inputs():
    return []
