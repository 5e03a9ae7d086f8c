"""Family: wrong data as right — ReLU that zeroes the negative lanes by multiplying them by 0: exact for every
finite input (-0.0 compares equal to 0), NaN for -inf (-inf * 0). A judge that draws only finite values passes it.
Source: a kernel wrong only at special values the inputs never hold; own variant.
Expected: correctness.mismatch: the relu task's huge_magnitude family holds +-inf.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'relu'}


@triton.jit
def relu_by_multiplying(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    keep = offs < n
    x = tl.load(x_ptr + offs, mask=keep, other=0.0)
    tl.store(y_ptr + offs, tl.where(x > 0, x, x * 0.0), mask=keep)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.empty_like(x)
        n = x.numel()
        relu_by_multiplying[(triton.cdiv(n, 2048),)](x, y, n, BLOCK=2048)
        return y
