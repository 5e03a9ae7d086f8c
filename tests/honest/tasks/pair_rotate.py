"""Rotation of interleaved pairs (the GPT-J layout of rotary embeddings), fp32.

x (tokens, dim) with dim even; cos, sin (tokens, dim // 2). For each pair (x[:, 2i], x[:, 2i + 1]):
    y[:, 2i]     = x[:, 2i] * cos[:, i] - x[:, 2i + 1] * sin[:, i]
    y[:, 2i + 1] = x[:, 2i] * sin[:, i] + x[:, 2i + 1] * cos[:, i]

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

tokens = 2048
half = 64

SHAPES = [dict(tokens=7, half=40), dict(tokens=5, half=64)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
        x0 = x[:, 0::2]
        x1 = x[:, 1::2]
        y0 = x0 * cos - x1 * sin
        y1 = x0 * sin + x1 * cos
        return torch.stack((y0, y1), dim=-1).flatten(1)


def get_inputs():
    angle = torch.rand(tokens, half) * 6.2831853
    return [torch.randn(tokens, 2 * half), torch.cos(angle), torch.sin(angle)]


def get_init_inputs():
    return []
