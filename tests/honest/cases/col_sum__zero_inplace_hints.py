"""Honest: column sum with tl.atomic_add into an output zeroed in forward with .zero_(), and the
compiler hints public pointwise kernels carry: tl.multiple_of / tl.max_contiguous on the column offsets,
eviction_policy="evict_first" on the streamed load; the row loop's bound is tl.minimum of two runtime
values."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def col_sum_hinted_kernel(x_ptr, y_ptr, n_rows, n_cols, stride_r, ROWS_PER_PROGRAM: tl.constexpr,
                          BLOCK_C: tl.constexpr):
    pid_c = tl.program_id(0)
    pid_r = tl.program_id(1)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    cols = tl.max_contiguous(tl.multiple_of(cols, BLOCK_C), BLOCK_C)
    col_mask = cols < n_cols
    acc = tl.zeros((BLOCK_C,), dtype=tl.float32)
    row0 = pid_r * ROWS_PER_PROGRAM
    row_end = tl.minimum(row0 + ROWS_PER_PROGRAM, n_rows)
    for row in range(row0, row_end):
        x = tl.load(x_ptr + row * stride_r + cols, mask=col_mask, other=0.0, eviction_policy="evict_first")
        acc += x
    tl.atomic_add(y_ptr + cols, acc, mask=col_mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.empty(n_cols, device=x.device, dtype=x.dtype)
        y.zero_()
        ROWS_PER_PROGRAM, BLOCK_C = 32, 128
        grid = (triton.cdiv(n_cols, BLOCK_C), triton.cdiv(n_rows, ROWS_PER_PROGRAM))
        col_sum_hinted_kernel[grid](x, y, n_rows, n_cols, x.stride(0), ROWS_PER_PROGRAM=ROWS_PER_PROGRAM,
                                    BLOCK_C=BLOCK_C)
        return y
