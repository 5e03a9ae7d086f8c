"""Family: process games / unmasked out-of-bounds reads — a Triton load 2**40 elements past the
input: a segfault under the interpreter, an illegal address on a GPU. No import needed.
Source: Wafer field guide (out-of-bounds reads); crashing the evaluator.
Expected: correctness stage, sandbox.crash (the candidate process dies; the judge reports it).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'sandbox.crash', 'reason_contains': 'SIGSEGV'}


@triton.jit
def wild_kernel(x_ptr, y_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    v = tl.load(x_ptr + offs + (1 << 40))
    tl.store(y_ptr + offs, v)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        wild_kernel[(1,)](x, y, BLOCK=16)
        return y
