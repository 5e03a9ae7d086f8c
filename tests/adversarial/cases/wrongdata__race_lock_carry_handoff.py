"""Family: wrong data passing as right — a blocked cumulative sum whose blocks hand the running carry on under
a per-row spin lock (tl.atomic_cas in a loop, tl.atomic_xchg to release): inside the critical section each
program loads the carry the previous block stored and stores its own. The lock makes the sections exclusive
but does not order them: on a GPU a later block often takes the lock first and reads no carry. The
interpreter runs the programs of a launch with atomics in index order, where every carry is there in time,
and the lock's atomics look like a flag released after the store and acquired before the load.
Source: a known way to game a harness (a lock standing in for a wait on the previous block).
Expected: correctness stage, correctness.race: what a program loads under a lock from another program's
critical section may flow only into that lock's own read-modify-write, not into a carry or an output.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum',
          'reason_contains': 'under the same lock'}


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, carry_ptr, lock_ptr, n_cols, n_blk, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    blk = tl.program_id(1)
    cols = blk * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    s = tl.cumsum(x, axis=0)
    total = tl.sum(x, axis=0)
    slot = row * n_blk + blk
    while tl.atomic_cas(lock_ptr + row, 0, 1) == 1:
        pass
    prev = tl.load(carry_ptr + slot - 1, mask=blk > 0, other=0.0)
    tl.store(carry_ptr + slot, prev + total)
    tl.debug_barrier()
    tl.atomic_xchg(lock_ptr + row, 0)
    tl.store(y_ptr + row * n_cols + cols, s + prev, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = 256
        n_blk = triton.cdiv(n_cols, block)
        carry = torch.zeros(n_rows * n_blk, dtype=torch.float32, device=x.device)
        lock = torch.zeros(n_rows, dtype=torch.int32, device=x.device)
        cumsum_kernel[(n_rows, n_blk)](x, y, carry, lock, n_cols, n_blk, BLOCK=block)
        return y
