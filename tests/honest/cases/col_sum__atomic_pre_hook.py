"""Honest: a split reduction down the columns: each program sums a (BLOCK_R, BLOCK_C) tile over its rows
and tl.atomic_add's the partial sums into the output; @triton.autotune whose triton.Config carries a
pre_hook that zeroes the output before every launch (so benchmarking never leaves it dirty)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


def _zero_output(nargs):
    nargs["y_ptr"].zero_()


@triton.autotune(
    configs=[
        triton.Config({"BLOCK_R": 32, "BLOCK_C": 64}, num_warps=4, pre_hook=_zero_output),
        triton.Config({"BLOCK_R": 64, "BLOCK_C": 32}, num_warps=4, pre_hook=_zero_output),
    ],
    key=["n_rows", "n_cols"],
)
@triton.jit
def col_sum_atomic_kernel(x_ptr, y_ptr, n_rows, n_cols, stride_r, BLOCK_R: tl.constexpr,
                          BLOCK_C: tl.constexpr):
    pid_r = tl.program_id(0)
    pid_c = tl.program_id(1)
    rows = pid_r * BLOCK_R + tl.arange(0, BLOCK_R)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    mask = (rows[:, None] < n_rows) & (cols[None, :] < n_cols)
    tile = tl.load(x_ptr + rows[:, None] * stride_r + cols[None, :], mask=mask, other=0.0)
    partial = tl.sum(tile, axis=0)
    tl.atomic_add(y_ptr + cols, partial, mask=cols < n_cols)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.empty(n_cols, device=x.device, dtype=torch.float32)
        grid = lambda meta: (triton.cdiv(n_rows, meta["BLOCK_R"]), triton.cdiv(n_cols, meta["BLOCK_C"]))
        col_sum_atomic_kernel[grid](x, y, n_rows, n_cols, x.stride(0))
        return y
