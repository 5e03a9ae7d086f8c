"""Honest: split-K style column sum into a torch.zeros buffer with tl.atomic_add, under
@triton.autotune(reset_to_zero=[...]) so the autotuner's benchmark runs start from zero too; the row split
is a persistent loop of tl.range over row blocks with a step of the number of programs."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.autotune(
    configs=[
        triton.Config({"BLOCK_R": 16, "BLOCK_C": 64, "SPLIT": 4}, num_warps=4),
        triton.Config({"BLOCK_R": 32, "BLOCK_C": 32, "SPLIT": 2}, num_warps=2),
    ],
    key=["n_cols"],
    reset_to_zero=["out_ptr"],
)
@triton.jit
def col_sum_split_kernel(in_ptr, out_ptr, n_rows, n_cols, stride_r, BLOCK_R: tl.constexpr,
                         BLOCK_C: tl.constexpr, SPLIT: tl.constexpr):
    pid_c = tl.program_id(0)
    pid_s = tl.program_id(1)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    col_mask = cols < n_cols
    acc = tl.zeros((BLOCK_C,), dtype=tl.float32)
    n_row_blocks = tl.cdiv(n_rows, BLOCK_R)
    for rb in tl.range(pid_s, n_row_blocks, SPLIT):
        rows = rb * BLOCK_R + tl.arange(0, BLOCK_R)
        tile = tl.load(in_ptr + rows[:, None] * stride_r + cols[None, :],
                       mask=(rows[:, None] < n_rows) & col_mask[None, :], other=0.0)
        acc += tl.sum(tile, axis=0)
    tl.atomic_add(out_ptr + cols, acc, mask=col_mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        out = torch.zeros(n_cols, device=x.device, dtype=x.dtype)
        grid = lambda meta: (triton.cdiv(n_cols, meta["BLOCK_C"]), meta["SPLIT"])
        col_sum_split_kernel[grid](x, out, n_rows, n_cols, x.stride(0))
        return out
