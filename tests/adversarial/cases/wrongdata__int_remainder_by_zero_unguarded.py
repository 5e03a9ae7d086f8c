"""Family: wrong data as right — an integer remainder that leaves out the task's `b == 0` guard and relies on
`a % 0` coming out 0, as NumPy's fmod gives it under the interpreter. On sm_90, integer division and remainder
by zero end in ptxas's fix-up to all ones: -1, not 0.
Source: undefined integer arithmetic the CPU answers one way and the GPU another; own variant.
Expected: correctness.mismatch: under the interpreter integer `//` and `%` by zero give all ones, as compiled.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch',
          'task': 'tests/adversarial/tasks/int_remainder_or_zero.py'}


@triton.jit
def rem_kernel(a_ptr, b_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    a = tl.load(a_ptr + offs, mask=mask, other=0)
    b = tl.load(b_ptr + offs, mask=mask, other=1)
    tl.store(y_ptr + offs, a % b, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        y = torch.empty_like(a)
        n = a.numel()
        rem_kernel[(triton.cdiv(n, 1024),)](a, b, y, n, BLOCK=1024)
        return y
