"""Family: doing no kernel work — the usual packaging of a kernel, a torch.autograd.Function, whose forward
calls torch's softmax instead of the kernel it launches beside it: the wrapper looks like Liger-Kernel's, and
the torch call sits one level away from ModelNew.forward.
Source: own variant (autograd.Function wrapper around torch).
Expected: correctness stage, correctness.torch_compute (Function.apply runs inside the watched forward).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_compute', 'reason_contains': 'softmax'}


@triton.jit
def touch_kernel(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(y_ptr + offs, mask=m), mask=m)


class SoftmaxFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = torch.softmax(x, dim=-1)
        n = y.numel()
        touch_kernel[(triton.cdiv(n, 1024),)](y, n, BLOCK=1024)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, dy):
        (y,) = ctx.saved_tensors
        return y * (dy - (dy * y).sum(-1, keepdim=True))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return SoftmaxFunction.apply(x)
