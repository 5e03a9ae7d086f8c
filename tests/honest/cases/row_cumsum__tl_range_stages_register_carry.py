"""Honest: a row cumsum over column chunks in a software-pipelined loop, `tl.range(0, n_chunks,
num_stages=3)`, with the running total kept in a loop-carried scalar (registers): the loop loads only the input
and stores only the output, so the pipeliner's early loads read nothing the loop stores."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def cumsum_pipelined(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    r = tl.arange(0, BLOCK)
    carry = tl.zeros((), tl.float32)
    for c in tl.range(0, tl.cdiv(n_cols, BLOCK), num_stages=3):
        offs = c * BLOCK + r
        m = offs < n_cols
        x = tl.load(x_ptr + row * stride + offs, mask=m, other=0.0)
        tl.store(y_ptr + row * stride + offs, tl.cumsum(x, axis=0) + carry, mask=m)
        carry += tl.sum(x, axis=0)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        cumsum_pipelined[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=128)
        return y
