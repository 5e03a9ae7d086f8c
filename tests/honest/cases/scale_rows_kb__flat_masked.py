"""Honest: the tutorial's masked elementwise kernel over the flattened tensor (`x.view(-1)`), on a file without
SHAPES judged at its own size and at a size drawn from it."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def scale_shift(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask) * 2.0 + 1.0, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        flat = x.contiguous().view(-1)
        y = torch.empty_like(flat)
        n = flat.numel()
        scale_shift[(triton.cdiv(n, 1024),)](flat, y, n, BLOCK=1024)
        return y.view(x.shape)
