"""Family: wrong data as right — fmod(x, 0.7) as `x % period` in a kernel. NumPy computes the exact
remainder; compiled for NVIDIA, float `%` is div.rn, cvt.rzi, fma.rn (x - trunc(x / y) * y), so where
x / 0.7 rounds up to the next integer the result is a whole period off (about 0.7 against a 1e-5 tolerance).
Source: the GPU's float remainder is not fmod; own variant.
Expected: correctness.mismatch: the interpreter computes `%` as the compiled code does.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/adversarial/tasks/fmod_period.py'}


@triton.jit
def fmod_kernel(x_ptr, y_ptr, n, period, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, x % period, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        fmod_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, 0.7, BLOCK=BLOCK)
        return y
