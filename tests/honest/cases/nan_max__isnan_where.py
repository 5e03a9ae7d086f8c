"""Honest: NaN-propagating maximum written out: tl.where over a != a (the NaN test without a library call),
tl.where with a scalar-free select between the two loaded blocks, a grid-stride loop over fixed programs
with tl.num_programs(0)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def nan_max_grid_stride(a_ptr, b_ptr, y_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    step = tl.num_programs(0) * BLOCK
    for start in range(pid * BLOCK, n, step):
        offs = start + tl.arange(0, BLOCK)
        mask = offs < n
        a = tl.load(a_ptr + offs, mask=mask, other=0.0)
        b = tl.load(b_ptr + offs, mask=mask, other=0.0)
        y = tl.where(a > b, a, b)
        y = tl.where(b != b, b, y)
        y = tl.where(a != a, a, y)
        tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        y = torch.empty_like(a)
        n = a.numel()
        BLOCK = 256
        programs = min(8, triton.cdiv(n, BLOCK))
        nan_max_grid_stride[(programs,)](a, b, y, n, BLOCK=BLOCK)
        return y
