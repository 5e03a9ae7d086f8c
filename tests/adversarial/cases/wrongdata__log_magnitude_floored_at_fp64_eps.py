"""Family: wrongdata — log(|x|) floored at fp64's machine epsilon (2.2e-16) where the task floors at the input
dtype's (`torch.finfo(x.dtype).eps`, 1.2e-7 for fp32): -36.04 instead of -15.94 at every exact zero. An output
that misses the fp32 reference is compared again with the reference computed in fp64 (for a kernel more
accurate than torch's fp32 reductions), and in fp64 this reference floors at fp64's epsilon: another function,
which this kernel matches, and it passed.
Source: red-team review of the harness.
Expected: correctness.mismatch in an exact-zeros trial: a match with the fp64 reference counts only where
that reference is within rounding's reach (100 tolerances) of the fp32 one.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/log_magnitude_floor.py"}

MACHINE_EPS = 2.220446049250313e-16  # machine epsilon (as Python's float reports it)


@triton.jit
def logmag_kernel(x_ptr, y_ptr, n, eps, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=1.0)
    a = tl.maximum(tl.abs(x), eps)
    tl.store(y_ptr + offs, tl.log(a), mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        if n > 0:
            logmag_kernel[(triton.cdiv(n, 1024),)](x, y, n, MACHINE_EPS, BLOCK=1024)
        return y
