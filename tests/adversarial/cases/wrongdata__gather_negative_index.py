"""Family: wrong data as right — a ReLU that reverses its block and undoes the reversal with
`tl.gather(y, -1 - r, 0)`. NumPy (the interpreter) wraps a negative index Python's way, so the result is right
on a CPU; compiled, the gather reads shared memory at the index itself, below the block: garbage or a fault.
Source: an out-of-range gather index; own variant.
Expected: run.exception: the interpreter refuses a gather index outside [0, n), naming it.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'task': 'relu', 'reason_contains': 'tl.gather index'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    # Each program loads its block reversed, applies ReLU, and un-reverses with a gather.
    base = tl.program_id(0) * BLOCK
    r = tl.arange(0, BLOCK)
    offs = base + (BLOCK - 1 - r)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.maximum(x, 0.0)
    # index -1 - r: position (BLOCK-1-r) counted from the end
    back = tl.gather(y, -1 - r, 0)
    o = base + r
    tl.store(y_ptr + o, back, mask=o < n)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        block = 1024
        relu_kernel[(triton.cdiv(n, block),)](x, y, n, BLOCK=block)
        return y
