"""Family: wrong data as right — `and` and `not` over blocks in a kernel. Compiled Triton lowers `a and b` on
blocks to an elementwise logical and (`logical_and`, with a warning) and `not a` to an elementwise not. The
interpreter runs them as Python: a block is always true there (`_get_bool`), so `a and b` is `b` and `not a`
is `False`. Here the store mask `inside and (offs < n)` leaves every 64th element unwritten on a GPU, and
`tl.where(not (x > -0.5), x, relu)` passes elements at or below -0.5 through unchanged there; interpreted, the
mask is `offs < n` and the select always takes the relu.
Source: Python boolean operators in LLM-written Triton masks; own variant that is right only as Python reads it.
Expected: correctness.mismatch: the interpreter gives `and`/`or`/`not` over blocks the compiled, elementwise
meaning.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'relu', 'stage': 'correctness', 'check': 'correctness.'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    inside = (offs % 64) != 63
    mask = inside and (offs < n)  # compiled: elementwise and; interpreted: the second block
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    y = tl.where(not (x > -0.5), x, tl.maximum(x, 0.0))  # compiled: elementwise not; interpreted: False
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        relu_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, BLOCK=BLOCK)
        return y
