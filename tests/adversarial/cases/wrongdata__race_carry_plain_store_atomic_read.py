"""Family: wrong data as right — the mirror of a carry written by an atomic and read plainly: here each column
block of a cumulative sum stores its prefix with a plain tl.store, and the next block reads it with an atomic
that changes nothing (tl.atomic_add of 0.0, which hands back the value), with acquire semantics but no flag and
no wait. An atomic read of a plain store is ordered no better than a plain load: on a GPU the next block may run
first and read 0. The interpreter runs the launch in index order; the race check never compared what atomics
read with plain stores.
Source: red-team round 4 (a12, "plain store, atomic read"), rewritten.
Expected: correctness stage, correctness.race: an atomic's read of another program's plain store is a race
unless a release after the store and an acquire before the read order them (its own acquire does not).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum',
          'reason_contains': 'with an atomic'}


@triton.jit
def blocked_cumsum(x_ptr, y_ptr, carry_ptr, n_cols, n_blocks, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    blk = tl.program_id(1)
    cols = blk * BLOCK + tl.arange(0, BLOCK)
    inside = cols < n_cols
    vals = tl.load(x_ptr + row * n_cols + cols, mask=inside, other=0.0)
    slot = carry_ptr + row * n_blocks + blk
    before = tl.atomic_add(slot - 1, 0.0, mask=blk > 0, sem="acquire")  # reads the previous block's prefix
    before = tl.where(blk > 0, before, 0.0)
    tl.store(slot, before + tl.sum(vals, axis=0))
    tl.store(y_ptr + row * n_cols + cols, tl.cumsum(vals, axis=0) + before, mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols = x.shape
        block = 256
        n_blocks = triton.cdiv(n_cols, block)
        y = torch.empty_like(x)
        carry = torch.zeros(n_rows * n_blocks, device=x.device, dtype=torch.float32)
        blocked_cumsum[(n_rows, n_blocks)](x, y, carry, n_cols, n_blocks, BLOCK=block)
        return y
