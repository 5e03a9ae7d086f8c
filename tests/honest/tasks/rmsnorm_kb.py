"""RMSNorm over the last dimension with a learned weight, as a plain KernelBench file: no SHAPES, only its
GPU size, whose width (like nearly every KernelBench size) is a power of two.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch_size = 4096
features = 8192
eps = 1e-5


class Model(nn.Module):
    def __init__(self, features: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(1.0 + 0.3 * torch.randn(features))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def get_inputs():
    return [torch.randn(batch_size, features)]


def get_init_inputs():
    return [features, eps]
