"""Family: wrong data as right — `tl.ceil` on inputs with subnormal values. Compiled for sm_90, an fp32 tl.ceil
is `cvt.rpi.ftz.f32.f32`, which flushes a subnormal input to zero first: ceil(1e-40) is 0 on the GPU, where the
reference (and NumPy) give 1.
Source: flush-to-zero of a rounding instruction that an exact CPU function does not have; own variant.
Expected: correctness.mismatch: the interpreter's tl.ceil and tl.floor flush fp32 subnormal inputs as compiled.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/adversarial/tasks/ceil_with_tiny.py'}


@triton.jit
def ceil_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.ceil(tl.load(x_ptr + offs, mask=mask)), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.empty_like(x)
        n = x.numel()
        ceil_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        return y
