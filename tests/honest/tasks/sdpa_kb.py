"""Scaled dot-product attention, fp16, (batch, heads, sequence, head_dim) -> same, no mask. No SHAPES (a
KernelBench level-1 style file): head_dim 64.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.scaled_dot_product_attention(q, k, v)


batch_size = 32
num_heads = 32
sequence_length = 512
head_dim = 64


def get_inputs():
    shape = (batch_size, num_heads, sequence_length, head_dim)
    return [torch.randn(shape, dtype=torch.float16) for _ in range(3)]


def get_init_inputs():
    return []
