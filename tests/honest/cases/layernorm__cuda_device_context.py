"""Honest: LayerNorm launched inside `with torch.cuda.device(x.device):` (so the kernel goes to the
input's GPU, as Liger-Kernel and vLLM launch), the nn.LayerNorm kept under the reference's name, and
tl.sum(..., keep_dims=True) over a 2-D block of several rows per program."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def layernorm_rows_kernel(x_ptr, w_ptr, b_ptr, y_ptr, n_rows, n_cols, stride_x, stride_y, eps,
                          ROWS: tl.constexpr, BLOCK_N: tl.constexpr):
    rows = tl.program_id(0) * ROWS + tl.arange(0, ROWS)
    cols = tl.arange(0, BLOCK_N)
    row_mask = rows[:, None] < n_rows
    col_mask = cols[None, :] < n_cols
    mask = row_mask & col_mask
    x = tl.load(x_ptr + rows[:, None] * stride_x + cols[None, :], mask=mask, other=0.0)
    mean = tl.sum(x, axis=1, keep_dims=True) / n_cols
    xc = tl.where(col_mask, x - mean, 0.0)
    var = tl.sum(xc * xc, axis=1, keep_dims=True) / n_cols
    rstd = 1.0 / tl.sqrt(var + eps)
    w = tl.load(w_ptr + cols, mask=cols < n_cols, other=1.0)
    b = tl.load(b_ptr + cols, mask=cols < n_cols, other=0.0)
    y = xc * rstd * w[None, :] + b[None, :]
    tl.store(y_ptr + rows[:, None] * stride_y + cols[None, :], y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, cols: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(cols, eps=eps)

    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        ROWS = 4
        BLOCK_N = triton.next_power_of_2(n_cols)
        with torch.cuda.device(x.device):
            layernorm_rows_kernel[(triton.cdiv(n_rows, ROWS),)](
                x, self.ln.weight, self.ln.bias, y, n_rows, n_cols, x.stride(0), y.stride(0), self.ln.eps,
                ROWS=ROWS, BLOCK_N=BLOCK_N, num_warps=4)
        return y
