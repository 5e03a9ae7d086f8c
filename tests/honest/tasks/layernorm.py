"""LayerNorm over the last dimension of a 2-D fp32 tensor, with weight and bias.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
cols = 2048
eps = 1e-5

SHAPES = [dict(rows=4, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def __init__(self, cols: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(cols, eps=eps)
        with torch.no_grad():
            self.ln.weight.copy_(1.0 + 0.2 * torch.randn(cols))
            self.ln.bias.copy_(0.1 * torch.randn(cols))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.ln(x)


def get_inputs():
    return [torch.randn(rows, cols) * 2.0 + 0.5]


def get_init_inputs():
    return [cols, eps]
