"""Family: wrong data passing as right — a lock-protected accumulation of column sums (Triton tutorial 05's
spin lock: tl.atomic_cas in a loop, tl.atomic_xchg to release) whose programs load the partial sum before
taking the lock and only store it back inside the critical section: on a GPU two programs load the same
partial sum and one update is lost. The atomics keep the interpreter's programs in index order, where the sum
comes out right.
Source: a known way to game a harness (a critical section that reads outside the lock).
Expected: correctness stage, correctness.race: inside a lock, a store that follows another program's store
to the same element counts only as a read-modify-write, the load made in the same critical section.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'tests/honest/tasks/col_sum.py',
          'reason_contains': 'stored different values'}


@triton.jit
def col_sum_locked(x_ptr, out_ptr, lock_ptr, n_rows, n_cols, stride, ROWS: tl.constexpr, BLOCK_C: tl.constexpr):
    pid_r = tl.program_id(0)
    pid_c = tl.program_id(1)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    cmask = cols < n_cols
    rows = pid_r * ROWS + tl.arange(0, ROWS)
    tile = tl.load(x_ptr + rows[:, None] * stride + cols[None, :],
                   mask=(rows[:, None] < n_rows) & cmask[None, :], other=0.0)
    part = tl.sum(tile, axis=0)
    lock = lock_ptr + pid_c
    prev = tl.load(out_ptr + cols, mask=cmask, other=0.0)  # read before the lock is held
    while tl.atomic_cas(lock, 0, 1) == 1:
        pass
    tl.store(out_ptr + cols, prev + part, mask=cmask)
    tl.debug_barrier()
    tl.atomic_xchg(lock, 0)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        BLOCK_C, ROWS = 64, 32
        n_cb = triton.cdiv(n_cols, BLOCK_C)
        out = torch.zeros(n_cols, device=x.device, dtype=torch.float32)
        lock = torch.zeros(n_cb, device=x.device, dtype=torch.int32)
        col_sum_locked[(triton.cdiv(n_rows, ROWS), n_cb)](x, out, lock, n_rows, n_cols, x.stride(0),
                                                          ROWS=ROWS, BLOCK_C=BLOCK_C)
        return out
