"""Interleaved (GPT-J style) rotary embedding on x (S, H, D): pairs (x[2i], x[2i+1]) rotated by angle[s, i].

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

S = 512
H = 16
D = 128

SHAPES = [dict(S=5, H=3, D=64), dict(S=7, H=2, D=128)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
        x0, x1 = x[..., 0::2], x[..., 1::2]
        c, s = cos[:, None, :], sin[:, None, :]
        return torch.stack([x0 * c - x1 * s, x1 * c + x0 * s], dim=-1).flatten(-2)


def get_inputs():
    ang = torch.rand(S, D // 2) * 6.0
    return [torch.randn(S, H, D), torch.cos(ang), torch.sin(ang)]


def get_init_inputs():
    return []
