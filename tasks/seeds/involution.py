"""Dynamic per-pixel convolution (involution): every pixel has its own 7x7 kernel.

Kernels are predicted per pixel (by another branch of the network) and shared by the
C / G channels of a group:
  y[b, c, i, j] = sum_{u, v < 7} ker[b, g(c), u * 7 + v, i, j] * x[b, c, i + u - 3, j + v - 3]
with g(c) = c // (C / G) and zero padding (fp32).

Shapes: x (batch, channels, h, w) float32 = (16, 256, 56, 56); ker (batch, groups, 49, h, w)
float32 with groups = 16; y has x's shape. The reference is the official unfold-based form,
which materialises a 49x copy of x (2.5 GiB); a kernel needs only x, ker and y.
Input families: none — the padding is positional and fp32 accumulation error scales with the
inputs, so no values are harder than typical ones.
Memory-bound for a good kernel: each output reads 49 kernel values (shared within a group)
and 49 cached neighbours.
Source: Li et al. 2021, "Involution: Inverting the Inherence of Convolution for Visual
Recognition" (RedNet); also the context-dependent kernels of CARAFE and dynamic filters.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

batch = 16
channels = 256
groups = 16
h = 56
w = 56
k = 7

SHAPES = [
    dict(batch=1, channels=4, groups=2, h=9, w=11),
    dict(batch=2, channels=6, groups=3, h=16, w=16),
]

TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self, kernel_size: int, groups: int):
        super().__init__()
        self.k = kernel_size
        self.groups = groups

    def forward(self, x: torch.Tensor, ker: torch.Tensor) -> torch.Tensor:
        b, c, hh, ww = x.shape
        kk = self.k
        unf = F.unfold(x, kk, padding=kk // 2).view(b, self.groups, c // self.groups, kk * kk, hh, ww)
        out = (ker.unsqueeze(2) * unf).sum(dim=3)
        return out.view(b, c, hh, ww)


def get_inputs():
    x = torch.randn(batch, channels, h, w)
    ker = torch.randn(batch, groups, k * k, h, w) / k
    return [x, ker]


def get_init_inputs():
    return [k, groups]


def flops(x, ker):
    return 2.0 * k * k * x.numel()


def bytes_moved(x, ker):
    return (2.0 * x.numel() + ker.numel()) * x.element_size()
