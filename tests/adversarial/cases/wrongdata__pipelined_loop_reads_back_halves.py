"""Family: wrong data as right — a chunked scan in a `tl.range(..., num_stages=3)` loop that stores each chunk
and reads the previous one back as uint16 halves. The interpreter runs the iterations in order. Compiled at
the real size (16-divisible sizes), the 2-byte read-back is an asynchronous copy the pipeliner issues two
iterations ahead, before the store it reads.
Source: a pipelined read-back of narrow elements; own variant.
Expected: correctness.race: a load in a pipelined loop of what the program stored within the loop's lookahead.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum', 'reason_contains': 'pipeliner'}


@triton.jit
def _halves(v, BLOCK: tl.constexpr):
    b = v.to(tl.uint32, bitcast=True)
    lo = (b & 0xFFFF).to(tl.uint16)
    hi = (b >> 16).to(tl.uint16)
    return tl.reshape(tl.join(lo, hi), (2 * BLOCK,))


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    r = tl.arange(0, BLOCK)
    r2 = tl.arange(0, 2 * BLOCK)
    xrow = x_ptr + row * stride
    y16 = (y_ptr + row * stride).to(tl.pointer_type(tl.uint16))
    m0 = r < n_cols
    x0 = tl.load(xrow + r, mask=m0, other=0.0)
    tl.store(y16 + r2, _halves(tl.cumsum(x0, axis=0), BLOCK), mask=r2 < 2 * n_cols)
    for k in tl.range(1, tl.cdiv(n_cols, BLOCK), num_stages=3):
        # the previous chunk of y, read back as 16-bit halves (as stored)
        h = tl.load(y16 + 2 * (k - 1) * BLOCK + r2)
        lo, hi = tl.split(tl.reshape(h, (BLOCK, 2)))
        prev = (lo.to(tl.uint32) | (hi.to(tl.uint32) << 16)).to(tl.float32, bitcast=True)
        carry = tl.sum(tl.where(r == BLOCK - 1, prev, 0.0), axis=0)
        offs = k * BLOCK + r
        m = offs < n_cols
        x = tl.load(xrow + offs, mask=m, other=0.0)
        o2 = 2 * k * BLOCK + r2
        tl.store(y16 + o2, _halves(tl.cumsum(x, axis=0) + carry, BLOCK), mask=o2 < 2 * n_cols)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        cumsum_kernel[(rows,)](x, y, cols, x.stride(0), BLOCK=256)
        return y
