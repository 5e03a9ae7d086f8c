"""Honest: softplus with libdevice's log1p and exp, using PyTorch's threshold (y = x above 20)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.language.extra import libdevice


@triton.jit
def softplus_kernel(x_ptr, y_ptr, n, THRESHOLD: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    soft = libdevice.log1p(libdevice.exp(x))
    tl.store(y_ptr + offs, tl.where(x > THRESHOLD, x, soft), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        n = x.numel()
        softplus_kernel[(triton.cdiv(n, 1024),)](x, y, n, THRESHOLD=20.0, BLOCK=1024)
        return y
