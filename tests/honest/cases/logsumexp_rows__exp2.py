"""Honest: row log-sum-exp in base 2 (exp2/log2 with LOG2E folded in, as attention kernels do), constants
from math as tl.constexpr globals."""

import math

import torch
import torch.nn as nn
import triton
import triton.language as tl

LOG2E = tl.constexpr(1.0 / math.log(2.0))
LN2 = tl.constexpr(math.log(2.0))


@triton.jit
def lse_kernel(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    m = tl.full([BLOCK], -float("inf"), tl.float32)
    for start in range(0, n_cols, BLOCK):
        x = tl.load(x_ptr + row * stride + start + cols, mask=start + cols < n_cols, other=-float("inf"))
        m = tl.maximum(m, x)
    mx = tl.max(m, axis=0)
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        x = tl.load(x_ptr + row * stride + start + cols, mask=start + cols < n_cols, other=-float("inf"))
        acc += tl.exp2((x - mx) * LOG2E)
    tl.store(y_ptr + row, mx + tl.log2(tl.sum(acc, axis=0)) * LN2)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty(x.shape[0], dtype=x.dtype, device=x.device)
        lse_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=256)
        return y
