"""Honest: a two-pass row cumsum, both passes `tl.range(..., num_stages=3)` loops: the first stores each chunk's
local scan into the output, the second reads those chunks back, adds the running total of the chunks before
and stores them in place. The second loop reads what the first one stored (finished before it starts), never
what an iteration of its own loop stored, so pipelining its loads changes nothing."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def cumsum_two_pass(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    r = tl.arange(0, BLOCK)
    n_chunks = tl.cdiv(n_cols, BLOCK)
    for c in tl.range(0, n_chunks, num_stages=3):
        offs = c * BLOCK + r
        m = offs < n_cols
        x = tl.load(x_ptr + row * stride + offs, mask=m, other=0.0)
        tl.store(y_ptr + row * stride + offs, tl.cumsum(x, axis=0), mask=m)
    carry = tl.zeros((), tl.float32)
    for c in tl.range(0, n_chunks, num_stages=3):
        offs = c * BLOCK + r
        m = offs < n_cols
        local = tl.load(y_ptr + row * stride + offs, mask=m, other=0.0)
        tl.store(y_ptr + row * stride + offs, local + carry, mask=m)
        carry += tl.sum(tl.where(offs == tl.minimum(c * BLOCK + BLOCK, n_cols) - 1, local, 0.0), axis=0)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        cumsum_two_pass[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=128)
        return y
