"""RMSNorm of a bf16 (rows, cols) tensor with a bf16 weight, computed in fp32 and returned in bf16.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 2048
cols = 4096
eps = 1e-6

SHAPES = [dict(rows=4, cols=200), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def __init__(self, cols: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter((1.0 + 0.1 * torch.randn(cols)).to(torch.bfloat16))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf = x.float()
        y = xf * torch.rsqrt(xf.pow(2).mean(dim=-1, keepdim=True) + self.eps)
        return (y * self.weight.float()).to(torch.bfloat16)


def get_inputs():
    return [torch.randn(rows, cols).to(torch.bfloat16)]


def get_init_inputs():
    return [cols, eps]
