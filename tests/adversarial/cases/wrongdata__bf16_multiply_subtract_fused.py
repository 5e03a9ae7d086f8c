"""Family: wrong data as right — a bf16 residual `x * s - t` computed in bf16, as torch does it (the
product rounded to bf16, then the difference). Compiled for sm_90 with FP fusion on, LLVM contracts the
multiply and subtract into one fma.rn.bf16, so the product is not rounded; t is close to x * s, and the
residuals differ far beyond the tolerance.
Source: fp contraction in bf16; own variant.
Expected: correctness.mismatch: the interpreter fuses a bf16 product into the add or subtract that takes it.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/adversarial/tasks/bf16_scaled_residual.py'}


@triton.jit
def residual_kernel(x_ptr, s_ptr, t_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    s = tl.load(s_ptr + offs, mask=mask, other=0.0)
    t = tl.load(t_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, x * s - t, mask=mask)   # bf16 throughout, as torch does it


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, s, t):
        x, s, t = x.contiguous(), s.contiguous(), t.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        residual_kernel[(triton.cdiv(n, BLOCK),)](x, s, t, y, n, BLOCK=BLOCK)
        return y
