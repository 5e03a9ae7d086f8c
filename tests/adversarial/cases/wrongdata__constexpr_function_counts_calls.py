"""Family: wrong data as right — a @triton.constexpr_function that counts its calls in a module-level object
(a dataclass field left out of comparisons), and a forward that picks the ReLU's slope from whether the count
grew. The interpreter calls a constexpr function at every launch, in every program; compiled, Triton calls it
once per specialisation and keeps the result, so from the third call on the GPU takes the leaky slope.
Source: state in a compile-time helper; own variant.
Expected: static.jit_body: a constexpr function stores into nothing and reads only its arguments.
"""

from dataclasses import dataclass, field

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.jit_body', 'task': 'relu', 'reason_contains': 'constexpr_function'}


@dataclass
class Tally:
    calls: int = field(default=0, compare=False)


_TALLY = Tally()


@triton.constexpr_function
def block_for(block):
    # a compile-time helper (Triton calls it while it generates the kernel's code)
    _TALLY.calls = _TALLY.calls + 1
    return block


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, slope, BLOCK: tl.constexpr):
    B: tl.constexpr = block_for(BLOCK)
    pid = tl.program_id(0)
    offs = pid * B + tl.arange(0, B)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    tl.store(y_ptr + offs, tl.where(x > 0, x, x * slope), mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.fresh = True

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        before = _TALLY.calls
        relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, 0.0 if self.fresh else 0.01, BLOCK=1024)
        self.fresh = _TALLY.calls > before
        return y
