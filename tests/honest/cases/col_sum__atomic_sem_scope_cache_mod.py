"""Honest: column sum split over row blocks with tl.atomic_add(..., sem="relaxed", scope="gpu"),
loads with cache_modifier=".cg", tl.range(..., num_stages=2) in the loop, tl.assume on a size, the output
zeroed with torch.zeros."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def col_sum_kernel(x_ptr, out_ptr, n_rows, n_cols, stride, ROWS_PER_PROG: tl.constexpr, BLOCK_C: tl.constexpr):
    tl.assume(n_rows > 0)
    tl.assume(stride > 0)
    pid_r = tl.program_id(0)
    pid_c = tl.program_id(1)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    cmask = cols < n_cols
    acc = tl.zeros([BLOCK_C], dtype=tl.float32)
    row0 = pid_r * ROWS_PER_PROG
    for r in tl.range(row0, min(row0 + ROWS_PER_PROG, n_rows), num_stages=2):
        acc += tl.load(x_ptr + r * stride + cols, mask=cmask, other=0.0, cache_modifier=".cg")
    tl.atomic_add(out_ptr + cols, acc, mask=cmask, sem="relaxed", scope="gpu")


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        out = torch.zeros(n_cols, device=x.device, dtype=torch.float32)
        RPP = 64
        col_sum_kernel[(triton.cdiv(n_rows, RPP), triton.cdiv(n_cols, 64))](x, out, n_rows, n_cols, x.stride(0),
                                                                           ROWS_PER_PROG=RPP, BLOCK_C=64)
        return out
