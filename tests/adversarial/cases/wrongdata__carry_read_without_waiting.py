"""Family: wrong data passing as right — a cumulative sum split into blocks, each program reading the last
prefix the previous block's program stored, with no wait for it: on a GPU the blocks run at once and the
carry is often not there yet. One tl.atomic_add per program, after its load, is the only atomic. A race check
that stands aside for any launch with atomics, and programs run in index order because of them, let it pass.
Source: a known way to game a harness (a carry across programs with an atomic that orders nothing).
Expected: correctness stage, correctness.race: in a launch with atomics a load of another program's store
counts as ordered only when an atomic access of the reader's, before the load, meets one of the writer's,
after the store.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum'}


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, done_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    blk = tl.program_id(1)
    cols = blk * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    s = tl.cumsum(x, axis=0)
    # carry: the last prefix the previous block of this row stored (a plain load of another program's store)
    prev = tl.load(y_ptr + row * n_cols + blk * BLOCK - 1, mask=blk > 0, other=0.0)
    tl.store(y_ptr + row * n_cols + cols, s + prev, mask=mask)
    tl.atomic_add(done_ptr + row, 1)  # blocks finished per row


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        done = torch.zeros(n_rows, dtype=torch.int32, device=x.device)
        block = 256
        cumsum_kernel[(n_rows, triton.cdiv(n_cols, block))](x, y, done, n_cols, BLOCK=block)
        return y
