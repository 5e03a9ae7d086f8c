"""Family: wrong data as right — a row cumsum in chunks that goes through the output twice in one iteration of
a `tl.range(..., num_stages=2)` loop: it stores the chunk's local scan, loads it back (at the same positions,
so each thread reads its own store) and stores it again with the running total added. The interpreter runs the
statements in order, so the second store is right there, and the same-program check sees each element read
back where it was stored. Compiled for sm_90, Triton's software pipeliner issues the loop's loads one
iteration ahead (cp.async copies started at the end of the previous iteration), so on the GPU the read-back
load runs before the first store of its own iteration and reads the uninitialised output.
Source: red-team round 14, c04 (the previous chunk read back in a num_stages=3 loop); own variant, a load of
the iteration's own store.
Expected: correctness.race naming the loop: a load in iteration m of what iterations m - S + 2 .. m stored.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum',
          'reason_contains': 'num_stages=2)`, program'}


@triton.jit
def chunked_cumsum(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    r = tl.arange(0, BLOCK)
    xrow = x_ptr + row * stride
    yrow = y_ptr + row * stride
    carry = tl.zeros((), tl.float32)
    for c in tl.range(0, tl.cdiv(n_cols, BLOCK), num_stages=2):
        offs = c * BLOCK + r
        m = offs < n_cols
        x = tl.load(xrow + offs, mask=m, other=0.0)
        tl.store(yrow + offs, tl.cumsum(x, axis=0), mask=m)
        local = tl.load(yrow + offs, mask=m, other=0.0)
        tl.store(yrow + offs, local + carry, mask=m)
        carry += tl.sum(x, axis=0)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        chunked_cumsum[(rows,)](x, y, cols, x.stride(0), BLOCK=128)
        return y
