"""Honest: row top-8 with tl.topk on a [1, BLOCK] tile (row padded with -inf to a power of two)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def topk_rows_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, K: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)[None, :]
    x = tl.load(x_ptr + row * stride_x + cols, mask=cols < n_cols, other=float("-inf"))
    top = tl.topk(x, K)
    tl.store(y_ptr + row * stride_y + tl.arange(0, K)[None, :], top)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        rows, cols = x.shape
        y = torch.empty((rows, 8), device=x.device, dtype=x.dtype)
        BLOCK = max(16, triton.next_power_of_2(cols))
        topk_rows_kernel[(rows,)](x, y, cols, x.stride(0), y.stride(0), K=8, BLOCK=BLOCK, num_warps=4)
        return y
