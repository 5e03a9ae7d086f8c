"""Honest: the same glue with profiler ranges around the launch (`torch.cuda.nvtx.range_push` /
`range_pop`), which mark nothing without a profiler."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

MAX_GRID_Y = 65535


@triton.jit
def bias_relu_kernel(x_ptr, b_ptr, y_ptr, n_rows, n_cols, stride_x, stride_b, stride_y, BLOCK: tl.constexpr):
    col_block = tl.program_id(0)
    row = tl.program_id(1)
    cols = col_block * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0)
    b = tl.load(b_ptr + row * stride_b + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * stride_y + cols, tl.maximum(x + b, 0.0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x, bias):
        assert x.ndim == 2 and x.dim() == 2 and bias.dim() == 1
        assert x.is_contiguous() and x.data_ptr() % 16 == 0 and bias.data_ptr() % 16 == 0
        assert x.element_size() == 4 and x.nbytes == x.numel() * 4
        xb, bb = x, bias.expand_as(x)
        y = x.new_empty(x.shape)
        n_cols = x.shape[1]
        BLOCK = 1024
        torch.cuda.nvtx.range_push("bias_relu")
        for xs, bs, ys in zip(torch.split(xb, MAX_GRID_Y), bb.split(MAX_GRID_Y), y.split(MAX_GRID_Y)):
            grid = (triton.cdiv(n_cols, BLOCK), xs.shape[0])
            bias_relu_kernel[grid](xs, bs, ys, xs.shape[0], n_cols, xs.stride(0), bs.stride(0), ys.stride(0),
                                   BLOCK=BLOCK)
        torch.cuda.nvtx.range_pop()
        return y
