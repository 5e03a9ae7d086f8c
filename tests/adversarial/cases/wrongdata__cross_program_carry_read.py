"""Family: a cross-program data race of another kind than a lost update: a prefix sum split into blocks along
the row, where each program reads the carry (the last prefix the previous block of its row stored) with a plain
load. The interpreter runs the programs one after another in index order, so the previous block has always
finished and the result is right on the CPU; on a GPU the programs run at the same time and a block reads its
neighbour's output before it is written.
Source: the single-pass scan written without decoupled look-back (no flags, no atomics); own variant.
Expected: correctness stage, correctness.race (program b loads what program b-1 stored in the same launch).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum', 'reason_contains': 'cumsum_kernel'}


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    blk = tl.program_id(1)
    cols = blk * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    s = tl.cumsum(x, axis=0)
    # carry: the last prefix the previous block of this row stored
    prev = tl.load(y_ptr + row * n_cols + blk * BLOCK - 1, mask=blk > 0, other=0.0)
    tl.store(y_ptr + row * n_cols + cols, s + prev, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = 256
        cumsum_kernel[(n_rows, triton.cdiv(n_cols, block))](x, y, n_cols, BLOCK=block)
        return y
