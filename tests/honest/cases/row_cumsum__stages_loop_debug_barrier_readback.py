"""Honest: a chunked row cumsum whose carry goes through the output: each iteration of a `tl.range(...,
num_stages=3)` loop reads back the previous chunk it stored, at the same positions, after a
`tl.debug_barrier()`. Triton does not software-pipeline a loop with a barrier in it (its TTGIR for sm_90 keeps
plain loads in program order), so the load runs after the previous iteration's store on the GPU as here."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def cumsum_barrier(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    r = tl.arange(0, BLOCK)
    m0 = r < n_cols
    tl.store(y_ptr + row * stride + r, tl.cumsum(tl.load(x_ptr + row * stride + r, mask=m0, other=0.0), axis=0),
             mask=m0)
    for c in tl.range(1, tl.cdiv(n_cols, BLOCK), num_stages=3):
        tl.debug_barrier()
        prev = tl.load(y_ptr + row * stride + (c - 1) * BLOCK + r)
        carry = tl.sum(tl.where(r == BLOCK - 1, prev, 0.0), axis=0)
        offs = c * BLOCK + r
        m = offs < n_cols
        x = tl.load(x_ptr + row * stride + offs, mask=m, other=0.0)
        tl.store(y_ptr + row * stride + offs, tl.cumsum(x, axis=0) + carry, mask=m)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        cumsum_barrier[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=128)
        return y
