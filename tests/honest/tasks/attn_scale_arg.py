"""Scaled dot-product attention (no mask) whose softmax scale is a forward argument, as
F.scaled_dot_product_attention(q, k, v, scale=...) takes it (fp32 heads).

Honest-kernel corpus task (tests/honest).
"""
import math

import torch
import torch.nn as nn

batch = 2
heads = 4
seq = 128
head_dim = 64
SHAPES = [dict(batch=1, heads=2, seq=37, head_dim=32), dict(batch=2, heads=2, seq=64, head_dim=64)]


class Model(nn.Module):
    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, scale: float) -> torch.Tensor:
        s = torch.matmul(q, k.transpose(-2, -1)) * scale
        return torch.matmul(torch.softmax(s, dim=-1), v)


def get_inputs():
    return [torch.randn(batch, heads, seq, head_dim), torch.randn(batch, heads, seq, head_dim),
            torch.randn(batch, heads, seq, head_dim), 1.0 / math.sqrt(head_dim)]


def get_init_inputs():
    return []
