"""Family: wrong data as right — a chained carry between the blocks of a row with no wait: each block reads the
previous block's carry after one `atomic_add(flag, 0, sem="acquire")` whose result it ignores, beside a `while`
loop on an atomic that never spins. Under the interpreter's index order every carry is there in time; on a GPU
the blocks run at once and a block reads a carry not yet written. The `while` made the judge keep the index order
for the launch (a spin-wait would hang in another order), which hid it.
Source: red-team probe of the program-order backstop; own variant.
Expected: a correctness-stage rejection (race or mismatch): the launch runs in the drawn order, since no program
of it spins, and is run again in index order only where one does.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'cumsum', 'stage': 'correctness', 'check': 'correctness.',
          'check_in': ['correctness.race', 'correctness.mismatch']}


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, flag_ptr, gate_ptr, n_cols, n_blocks, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    blk = tl.program_id(1)
    # "wait until the launch is open" (the gate is always 0: the loop never spins)
    while tl.atomic_add(gate_ptr, 0, sem="acquire") != 0:
        pass
    cols = blk * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    s = tl.cumsum(x, axis=0)
    # look at the previous block's flag once (no wait), then read its last prefix
    seen = tl.atomic_add(flag_ptr + row * n_blocks + blk - 1, 0, sem="acquire", mask=blk > 0)
    prev = tl.load(y_ptr + row * n_cols + blk * BLOCK - 1, mask=blk > 0, other=0.0)
    tl.store(y_ptr + row * n_cols + cols, s + prev, mask=mask)
    tl.atomic_xchg(flag_ptr + row * n_blocks + blk, 1, sem="release")


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = 256
        nb = triton.cdiv(n_cols, block)
        flags = torch.zeros(n_rows * nb, dtype=torch.int32, device=x.device)
        gate = torch.zeros(1, dtype=torch.int32, device=x.device)
        cumsum_kernel[(n_rows, nb)](x, y, flags, gate, n_cols, nb, BLOCK=block)
        return y
