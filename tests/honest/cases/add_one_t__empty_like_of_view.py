"""Honest: allocate the result with torch.empty_like(x.t()) (preserve_format keeps the transposed, dense
strides (1, rows)), so the result's storage order equals x's, and one flat kernel fills it."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def add_one_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask) + 1.0, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x.t())
        n = x.numel()
        add_one_kernel[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
        return y
