"""Family: wrong data as right — forward writes the input's size into a module-level object, and a kernel
takes its bound `N: tl.constexpr` from a @triton.constexpr_function that reads it. The interpreter evaluates
the function at each launch and sees each call's size; compiled, the result of the first compile is baked
into the kernel (the object's field is left out of comparisons, so Triton's changed-global check stays
quiet), and a later, larger input is cut at the first size.
Source: host state read at compile time; own variant.
Expected: static.jit_body: a constexpr function reads only its arguments (and pure helpers).
"""

from dataclasses import dataclass, field

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.jit_body', 'task': 'relu', 'reason_contains': 'constexpr_function'}


@dataclass
class Launch:
    numel: int = field(default=0, compare=False)


_LAUNCH = Launch()


@triton.constexpr_function
def problem_size(unused):
    # the element count of the launch being built
    return _LAUNCH.numel


@triton.jit
def relu_kernel(x_ptr, y_ptr, BLOCK: tl.constexpr):
    N: tl.constexpr = problem_size(BLOCK)
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    m = offs < N
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        _LAUNCH.numel = n
        relu_kernel[(triton.cdiv(n, 1024),)](x, y, BLOCK=1024)
        return y
