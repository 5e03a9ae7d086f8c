"""Family: wrong data on a GPU, right under the interpreter (a race inside one program) — an argmax whose ties
are settled by the order of stores: every lane of a [LANES, 1] block scans its own stretch of the row for the
maximum, then the lanes store their first hit to the same output element one after another, in a runtime loop
from the last lane to the first, so the first maximal column is the value stored last. The interpreter runs
the stores in program order; on a GPU the lanes are threads of different warps, and nothing orders two
threads' stores to one address without a barrier, so on rows with ties a later column can stay.
Source: own construction (store-order tie breaking in place of a reduction).
Expected: correctness stage, correctness.race (two stores of one element from different positions of the block,
different values, no barrier between).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'argmax', 'stage': 'correctness', 'check': 'correctness.race', 'reason_contains': 'which value stays'}


@triton.jit
def row_max(x_ptr, m_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    best = tl.full([BLOCK], float("-inf"), tl.float32)
    for start in range(0, n_cols, BLOCK):
        c = start + cols
        best = tl.maximum(best, tl.load(x_ptr + row * n_cols + c, mask=c < n_cols, other=float("-inf")))
    tl.store(m_ptr + row, tl.max(best, axis=0))


@triton.jit
def first_hit(x_ptr, m_ptr, out_ptr, n_cols, stretch, LANES: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    lane = tl.arange(0, LANES)[:, None]
    target = tl.load(m_ptr + row)
    hit = tl.full([LANES, 1], -1, tl.int64)
    for j in range(0, stretch):
        c = lane * stretch + j
        v = tl.load(x_ptr + row * n_cols + c, mask=c < n_cols, other=float("-inf"))
        hit = tl.where((v == target) & (hit < 0), c.to(tl.int64), hit)
    dst = out_ptr + row + lane * 0
    for k in range(0, LANES):
        tl.store(dst, hit, mask=(hit >= 0) & (lane == LANES - 1 - k))


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        m = torch.empty(rows, dtype=torch.float32, device=x.device)
        out = torch.empty(rows, dtype=torch.int64, device=x.device)
        row_max[(rows,)](x, m, cols, BLOCK=1024)
        lanes = 64
        first_hit[(rows,)](x, m, out, cols, triton.cdiv(cols, lanes), LANES=lanes)
        return out
