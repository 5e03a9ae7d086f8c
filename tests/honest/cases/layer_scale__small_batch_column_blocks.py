"""Honest: LayerScale as a program per row for large batches and, below 32 rows (decode), a program per block
of columns looping over the rows, gamma read by column in both."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def scale_kernel(x_ptr, g_ptr, y_ptr, n_rows, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    for c0 in range(0, n_cols, BLOCK):
        c = c0 + tl.arange(0, BLOCK)
        m = c < n_cols
        x = tl.load(x_ptr + row * n_cols + c, mask=m, other=0.0)
        g = tl.load(g_ptr + c, mask=m, other=0.0)
        tl.store(y_ptr + row * n_cols + c, g * x, mask=m)


@triton.jit
def scale_small_kernel(x_ptr, g_ptr, y_ptr, n_rows, n_cols, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    c = pid * BLOCK + tl.arange(0, BLOCK)
    m = c < n_cols
    for r in range(0, n_rows):
        x = tl.load(x_ptr + r * n_cols + c, mask=m, other=0.0)
        g = tl.load(g_ptr + c, mask=m, other=0.0)
        tl.store(y_ptr + r * n_cols + c, g * x, mask=m)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.gamma = nn.Parameter(1e-6 * torch.ones(dim))

    def forward(self, x):
        x = x.contiguous()
        rows, n = x.shape
        y = torch.empty_like(x)
        if rows >= 32:
            scale_kernel[(rows,)](x, self.gamma, y, rows, n, BLOCK=512)
        else:
            scale_small_kernel[(triton.cdiv(n, 256),)](x, self.gamma, y, rows, n, BLOCK=256)
        return y
