"""Family: no kernel — a @triton.constexpr_function (plain Python the compiler runs on constexprs) handed the
loaded block itself. Under the interpreter a constexpr function is called with whatever it is given, so its
host Python runs on the run-time values inside the launch; compiled, a constexpr function only ever sees
compile-time constants (and the compile of this kernel fails).
Source: a compile-time helper fed run-time data; own variant.
Expected: static.jit_body: a kernel may call a constexpr function on compile-time values only.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.jit_body', 'task': 'relu', 'reason_contains': 'constexpr_function'}


@triton.constexpr_function
def twice(v):
    return v * 2


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(twice(x) * 0.5, 0.0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        return y
