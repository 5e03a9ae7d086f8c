"""Sum of all elements, a 0-dim result.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 1 << 20
SHAPES = [dict(n=1000), dict(n=5000)]
# one number: atol and rtol judge it. Its relative L2 error is |error| / |sum|, and a sum of random values can
# land near zero, where the rounding of any summation order is many times 1e-5 of it. atol covers the real
# length: 2^20 values, whose running total wanders to ~1e3, where one float32 add rounds by up to ~6e-5; 4096
# partials added in an order the kernel does not fix (atomics) drift by a few 1e-3 from torch's pairwise sum.
TOLERANCE = {"float32": {"atol": 1e-2, "rtol": 1e-4, "rel_l2": 0.5}}


class Model(nn.Module):
    def forward(self, x):
        return x.sum()


def get_inputs():
    return [torch.randn(n)]


def get_init_inputs():
    return []
