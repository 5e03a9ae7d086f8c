"""Honest: three-pass row softmax in the style of kernels written for large tensors: the row index and every
column offset widened to int64 before they are multiplied (`tl.program_id(0).to(tl.int64)`, the `tl.range`
loop variable's `.to(tl.int64)`), with software pipelining hints on the loops. The loop variable is a tensor
in compiled Triton; the interpreter made it a Python int, which has no `.to`."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softmax_rows_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    x_row = x_ptr + row * stride_x
    y_row = y_ptr + row * stride_y
    cols = tl.arange(0, BLOCK)
    m = tl.full([BLOCK], float("-inf"), tl.float32)
    for start in tl.range(0, n_cols, BLOCK, num_stages=2):
        offs = start.to(tl.int64) + cols
        m = tl.maximum(m, tl.load(x_row + offs, mask=offs < n_cols, other=float("-inf")))
    row_max = tl.max(m, axis=0)
    s = tl.zeros([BLOCK], tl.float32)
    for start in tl.range(0, n_cols, BLOCK, num_stages=2):
        offs = start.to(tl.int64) + cols
        x = tl.load(x_row + offs, mask=offs < n_cols, other=float("-inf"))
        s += tl.exp(x - row_max)
    denom = tl.sum(s, axis=0)
    for start in tl.range(0, n_cols, BLOCK):
        offs = start.to(tl.int64) + cols
        mask = offs < n_cols
        x = tl.load(x_row + offs, mask=mask, other=float("-inf"))
        tl.store(y_row + offs, tl.exp(x - row_max) / denom, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        softmax_rows_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), y.stride(0), BLOCK=256)
        return y
