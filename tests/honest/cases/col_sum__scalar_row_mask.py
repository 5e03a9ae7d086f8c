"""Honest: column sum, one program per column block walking ROWS_PER_PROGRAM rows; the last row block is
guarded by combining the column mask with a scalar row test, `col_mask & (row < n_rows)`, the way public
kernels guard a row loop."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def col_sum_rows_kernel(x_ptr, y_ptr, n_rows, n_cols, stride_r, ROWS_PER_PROGRAM: tl.constexpr,
                        BLOCK_C: tl.constexpr):
    pid_c = tl.program_id(0)
    pid_r = tl.program_id(1)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    col_mask = cols < n_cols
    acc = tl.zeros((BLOCK_C,), dtype=tl.float32)
    for i in range(ROWS_PER_PROGRAM):
        row = pid_r * ROWS_PER_PROGRAM + i
        x = tl.load(x_ptr + row * stride_r + cols, mask=col_mask & (row < n_rows), other=0.0)
        acc += x
    tl.atomic_add(y_ptr + cols, acc, mask=col_mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.zeros(n_cols, device=x.device, dtype=x.dtype)
        ROWS_PER_PROGRAM, BLOCK_C = 32, 128
        grid = (triton.cdiv(n_cols, BLOCK_C), triton.cdiv(n_rows, ROWS_PER_PROGRAM))
        col_sum_rows_kernel[grid](x, y, n_rows, n_cols, x.stride(0), ROWS_PER_PROGRAM=ROWS_PER_PROGRAM,
                                  BLOCK_C=BLOCK_C)
        return y
