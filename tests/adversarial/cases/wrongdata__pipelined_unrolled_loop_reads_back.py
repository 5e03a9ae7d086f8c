"""Family: wrong data as right — the pipelined read-back of a chunked scan in a loop with
`loop_unroll_factor=2`: the unrolled body is pipelined, so the loads run (num_stages - 1) * 2 iterations ahead
(four read-backs in the prologue before any store).
Source: a pipelined, unrolled read-back; own variant.
Expected: correctness.race: a load in a pipelined loop of what the program stored within the loop's lookahead.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum', 'reason_contains': 'pipeliner'}


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    r = tl.arange(0, BLOCK)
    xrow = x_ptr + row * stride
    yrow = y_ptr + row * stride
    # first chunk
    m0 = r < n_cols
    x0 = tl.load(xrow + r, mask=m0, other=0.0)
    tl.store(yrow + r, tl.cumsum(x0, axis=0), mask=m0)
    for k in tl.range(1, tl.cdiv(n_cols, BLOCK), num_stages=3, loop_unroll_factor=2):
        # read the previous chunk of y back (same positions this program stored them from)
        prev = tl.load(yrow + (k - 1) * BLOCK + r)
        carry = tl.sum(tl.where(r == BLOCK - 1, prev, 0.0), axis=0)
        offs = k * BLOCK + r
        m = offs < n_cols
        x = tl.load(xrow + offs, mask=m, other=0.0)
        tl.store(yrow + offs, tl.cumsum(x, axis=0) + carry, mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        cumsum_kernel[(rows,)](x, y, cols, x.stride(0), BLOCK=256)
        return y
