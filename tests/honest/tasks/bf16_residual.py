"""Rounding to bf16 with error feedback: returns (x rounded to bf16, the fp32 residual x - float(bf16(x))), as
mixed-precision optimizers and compressed communication keep it.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

n = 1 << 20

SHAPES = [dict(n=1000), dict(n=4096)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor):
        q = x.to(torch.bfloat16)
        return q, x - q.to(torch.float32)


def get_inputs():
    return [torch.randn(n)]


def get_init_inputs():
    return []
