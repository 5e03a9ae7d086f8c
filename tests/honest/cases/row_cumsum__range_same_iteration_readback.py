"""Honest: a row cumsum whose plain `range` loop stores each chunk's scan and then loads the chunk back, at the
same positions, to take its last element as the carry. A plain `range` loop without `tl.dot` is not software
pipelined (only a `tl.range(..., num_stages=...)` loop, or a loop's loads that feed a dot, are), so the load
runs after the store on the GPU too, and each thread reads back what it stored itself."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def cumsum_readback(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    r = tl.arange(0, BLOCK)
    carry = tl.zeros((), tl.float32)
    for c in range(0, tl.cdiv(n_cols, BLOCK)):
        offs = c * BLOCK + r
        m = offs < n_cols
        x = tl.load(x_ptr + row * stride + offs, mask=m, other=0.0)
        tl.store(y_ptr + row * stride + offs, tl.cumsum(x, axis=0) + carry, mask=m)
        back = tl.load(y_ptr + row * stride + offs, mask=m, other=0.0)
        carry = tl.sum(tl.where(offs == tl.minimum(c * BLOCK + BLOCK, n_cols) - 1, back, 0.0), axis=0)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        cumsum_readback[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=128)
        return y
