"""First-order linear recurrence along the last dim: h[:, t] = a[:, t] * h[:, t-1] + x[:, t], h[:, -1] = 0.

Honest-kernel corpus task (tests/honest). Input family slow_decay: decays in [0.95, 0.997] (trained SSM/LRU
decays, an EMA with a small rate), where the state carries over hundreds of steps; with the typical decays
(0.3..0.95) a carry truncated to one chunk of 64 steps loses a term of about e^-33 and is never seen.
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


def get_inputs_slow_decay():
    return [1 - 10 ** (torch.rand(rows, T) * 1.2 - 2.5), torch.randn(rows, T)]


INPUT_CASES = {"slow_decay": get_inputs_slow_decay}


def get_init_inputs():
    return []
