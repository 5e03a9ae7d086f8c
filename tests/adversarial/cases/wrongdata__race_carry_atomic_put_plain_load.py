"""Family: wrong data as right — a cumulative sum over column blocks, one program per block, where each block
adds the prefix up to its end into a zeroed carry buffer with tl.atomic_add (acq_rel, the default: a release
with nothing acquired on the other side) and the next block reads it back with a
plain tl.load, no flag, no wait. On a GPU the next block often runs first and reads the zero the buffer starts
with. The interpreter runs a launch with atomics in index order, so the carry is always there; and the race
check compared plain loads with plain stores only, so a load of what another program wrote with an atomic met
nothing.
Source: red-team round 4 (a11, "atomic carry, plain load"), rewritten with the default acq_rel semantics.
Expected: correctness stage, correctness.race: a plain load of another program's atomic write is a race unless a
release after the write and an acquire before the load (on one element) order them.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum',
          'reason_contains': 'wrote with an atomic'}


@triton.jit
def blocked_cumsum(x_ptr, y_ptr, carry_ptr, n_cols, n_blocks, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    blk = tl.program_id(1)
    cols = blk * BLOCK + tl.arange(0, BLOCK)
    inside = cols < n_cols
    vals = tl.load(x_ptr + row * n_cols + cols, mask=inside, other=0.0)
    before = tl.load(carry_ptr + row * n_blocks + blk - 1, mask=blk > 0, other=0.0)  # nobody waits for it
    tl.atomic_add(carry_ptr + row * n_blocks + blk, before + tl.sum(vals, axis=0))
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
