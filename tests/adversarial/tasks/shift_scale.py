"""y[i] = s * x[i + 1] for i < n - 1, y[n - 1] = s * x[n - 1], with s the sum of a 16-entry weight.

Adversarial-suite task (tests/adversarial).
"""
import torch
import torch.nn as nn

n = 1 << 20

SHAPES = [dict(n=3000), dict(n=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        s = w.sum()
        y = x.clone()
        y[:-1] = x[1:]
        return y * s


def get_inputs():
    return [torch.randn(n), torch.rand(16)]


def get_init_inputs():
    return []
