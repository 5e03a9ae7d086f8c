"""Elementwise ReLU of a large fp32 activation tensor.

y = max(x, 0)

Shapes: x is (batch_size, dim) float32; y has the same shape and dtype.
Exact operation: the output must match bit for bit (tolerance 0); -0.0 vs +0.0 is not
distinguished by the comparison. Inputs are standard normal, so half of the outputs are
zero and half pass through unchanged.
Input families: huge_magnitude (+-1e-30..3e38, log-uniform, and one value in a hundred -inf:
(x + |x|) / 2 and any path through a narrower type overflow, and relu(-inf) is 0; an all-negative
family would add nothing, typical rows are half negative).
Memory-bound: one read and one write of the tensor is the floor.
Source: the rectified linear unit (Nair & Hinton 2010), the most common activation.
"""

import torch
import torch.nn as nn

batch_size = 16384
dim = 32768

SHAPES = [
    dict(batch_size=5, dim=1000),   # numel not a multiple of any power-of-two block
    dict(batch_size=4, dim=4096),
]

TOLERANCE = {"float32": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_inputs_huge_magnitude():
    sign = torch.where(torch.rand(batch_size, dim) < 0.5, -1.0, 1.0)
    x = sign * 10.0 ** (-30.0 + 68.5 * torch.rand(batch_size, dim))
    return [torch.where(torch.rand(batch_size, dim) < 0.01, -float("inf"), x)]


INPUT_CASES = {"huge_magnitude": get_inputs_huge_magnitude}


def get_init_inputs():
    return []


def flops(x):
    return 1.0 * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size()
