"""Exponential moving average along time: y[0] = x[0], y[t] = 0.9 * y[t-1] + x[t], x (T, C).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

T = 256
C = 64

SHAPES = [dict(T=17, C=5), dict(T=64, C=3)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ys = [x[0]]
        for t in range(1, x.shape[0]):
            ys.append(0.9 * ys[-1] + x[t])
        return torch.stack(ys)


def get_inputs():
    return [torch.randn(T, C)]


def get_init_inputs():
    return []
