"""Family: wrong data passing as right — Triton tutorial 05's lock-protected accumulation of column sums with
two locks per column block: even row blocks take one, odd row blocks the other. Each lock is taken and
released properly (tl.atomic_cas in a spin loop, tl.atomic_xchg to release), but an even and an odd program
can be inside their critical sections at once and lose each other's update on a GPU. The atomics keep the
interpreter's programs in index order, where the sum comes out right.
Source: a known way to game a harness (locks that do not exclude each other).
Expected: correctness stage, correctness.race: stores of different values to one element by two programs are
a race unless they are all inside critical sections of the same lock.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'tests/honest/tasks/col_sum.py',
          'reason_contains': 'stored different values'}


@triton.jit
def col_sum_locked(x_ptr, out_ptr, lock_ptr, count_ptr, n_rows, n_cols, stride,
                   ROWS: tl.constexpr, BLOCK_C: tl.constexpr):
    pid_r = tl.program_id(0)
    pid_c = tl.program_id(1)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    cmask = cols < n_cols
    rows = pid_r * ROWS + tl.arange(0, ROWS)
    tile = tl.load(x_ptr + rows[:, None] * stride + cols[None, :],
                   mask=(rows[:, None] < n_rows) & cmask[None, :], other=0.0)
    part = tl.sum(tile, axis=0)
    lock = lock_ptr + 2 * pid_c + pid_r % 2  # one lock for even row blocks, another for odd ones
    count = count_ptr + pid_c
    while tl.atomic_cas(lock, 0, 1) == 1:
        pass
    c = tl.load(count)
    if c == 0:
        tl.atomic_xchg(count, 1)
    else:
        part += tl.load(out_ptr + cols, mask=cmask, other=0.0)
    tl.store(out_ptr + cols, part, mask=cmask)
    tl.debug_barrier()
    tl.atomic_xchg(lock, 0)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        BLOCK_C, ROWS = 64, 32
        n_cb = triton.cdiv(n_cols, BLOCK_C)
        out = torch.empty(n_cols, device=x.device, dtype=torch.float32)
        lock = torch.zeros(2 * n_cb, device=x.device, dtype=torch.int32)
        count = torch.zeros(n_cb, device=x.device, dtype=torch.int32)
        col_sum_locked[(triton.cdiv(n_rows, ROWS), n_cb)](x, out, lock, count, n_rows, n_cols, x.stride(0),
                                                          ROWS=ROWS, BLOCK_C=BLOCK_C)
        return out
