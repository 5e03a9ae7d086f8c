"""Family: wrong data as right — honest only for inputs that are leaves (`x.is_leaf`): in training every
layer past the first gets an activation with a grad_fn, where this file leaves negative values through.
Source: a red-team finding against this harness (inputs that required grad were all leaves).
Expected: correctness.mismatch: the first inputs placed that require grad are a view with a grad_fn, and
later ones half the time (runner._place).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "relu"}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, honest, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.where(honest != 0, tl.maximum(x, 0.0), x)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        honest = 1 if x.is_leaf else 0
        xc = x.contiguous()
        y = torch.empty_like(xc)
        n = xc.numel()
        relu_kernel[(triton.cdiv(n, 1024),)](xc, y, n, honest, BLOCK=1024)
        return y
