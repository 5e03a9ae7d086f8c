"""Family: wrong data as right — a ReLU that concatenates the two halves of its block with
`tl.cat(..., can_reorder=True)` and stores the result in that order. NumPy keeps the order; compiled for
sm_90 the two halves come out interleaved (each thread's registers concatenated), so half the outputs land
in the wrong places.
Source: relying on the element order of tl.cat, which the compiler chooses; own variant.
Expected: correctness.mismatch: the order is drawn afresh at each call on a CPU, and the reason names tl.cat.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'relu', 'reason_contains': 'tl.cat'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, HALF: tl.constexpr):
    # Each program handles 2*HALF elements: the two halves are loaded separately
    # and concatenated back into one block before the store.
    base = tl.program_id(0) * (2 * HALF)
    r = tl.arange(0, HALF)
    lo = base + r
    hi = base + HALF + r
    a = tl.load(x_ptr + lo, mask=lo < n, other=0.0)
    b = tl.load(x_ptr + hi, mask=hi < n, other=0.0)
    y = tl.cat(tl.maximum(a, 0.0), tl.maximum(b, 0.0), can_reorder=True)
    o = base + tl.arange(0, 2 * HALF)
    tl.store(y_ptr + o, y, mask=o < n)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        half = 64
        relu_kernel[(triton.cdiv(n, 2 * half),)](x, y, n, HALF=half)
        return y
