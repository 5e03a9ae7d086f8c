"""Family: wrong data as right — a kernel packaged as a custom operator registered for the host only
(`device_types="cpu"`): on a GPU, calling it with cuda tensors raises NotImplementedError (no kernel for that
device); on a CPU judge, whose host stands for the GPU, the body runs and the result is right.
Source: red-team probe of the contract (torch.library); own variant of the honest custom_op case.
Expected: static.triton_op: a custom_op's device_types names "cuda" or is left out.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'tests/honest/tasks/gelu_tanh.py', 'stage': 'static', 'check': 'static.triton_op'}


@triton.jit
def gelu_tanh_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    inner = 0.7978845608028654 * (x + 0.044715 * x * x * x)
    t = 1.0 - 2.0 / (tl.exp(2.0 * inner) + 1.0)
    tl.store(y_ptr + offs, 0.5 * x * (1.0 + t), mask=mask)


@torch.library.custom_op("kprt::gelu_tanh_cpu_only", mutates_args=(), device_types="cpu")
def gelu_tanh(x: torch.Tensor) -> torch.Tensor:
    y = torch.empty_like(x)
    n = x.numel()
    gelu_tanh_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
    return y


@gelu_tanh.register_fake
def _(x: torch.Tensor) -> torch.Tensor:
    return torch.empty_like(x)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return gelu_tanh(x.contiguous())
