"""Family: wrong data as right — the first difference computed in place in a copy of x: one program walks the
copy in 1024-element blocks and, per block, loads y[i+1] and y[i] and stores their difference over y[i]. On a
GPU the block is spread over the program's threads: the thread holding position k+1 may store its difference
over y[k+1] before the thread holding position k has loaded it (warps run independently; nothing but a barrier orders one thread's load before another's store).
The interpreter loads the whole block before it stores any of it, so the result is right on the CPU.
Source: write-after-read within one program (the race check had covered read-after-write and
write-after-write between one program's threads).
Expected: correctness stage, correctness.race: a store over bytes the same program loaded since its last
barrier, at another position of its block, with another value.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'tests/honest/tasks/diff1d.py',
          'reason_contains': 'write-after-read'}


@triton.jit
def diff_in_place(y_ptr, n, BLOCK: tl.constexpr):
    # one program walks the vector in blocks, in place
    offs = tl.arange(0, BLOCK)
    for start in range(0, n - 1, BLOCK):
        i = start + offs
        inside = i < n - 1
        nxt = tl.load(y_ptr + i + 1, mask=inside, other=0.0)
        cur = tl.load(y_ptr + i, mask=inside, other=0.0)
        tl.store(y_ptr + i, nxt - cur, mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x.contiguous().clone()
        n = y.numel()
        diff_in_place[(1,)](y, n, BLOCK=1024)
        return y[: n - 1]
