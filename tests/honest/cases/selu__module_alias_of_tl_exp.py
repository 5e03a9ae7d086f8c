"""Honest: minimal: a module-level alias of a triton.language builtin (`triton_cast = tl.cast`, as unsloth/kernels/utils.py
binds it on Triton >= 3.0) called inside a kernel."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

tl_exp = tl.exp
triton_cast = tl.cast


@triton.jit
def selu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.where(x > 0, 1.0507009873554805 * x, 1.0507009873554805 * 1.6732632423543772 * (tl_exp(x) - 1.0))
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        n = x.numel()
        selu_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        return y
