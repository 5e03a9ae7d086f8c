"""Honest: a kernel with a plain Python assert on its constexprs (compiled as a static check), a conditional
expression on a constexpr flag (x if FAST else y), and a @triton.jit helper given a constexpr by keyword with
a default; the tutorial's module-level DEVICE from triton.runtime.driver."""

import torch
import torch.nn as nn
import triton
import triton.language as tl

DEVICE = triton.runtime.driver.active.get_active_torch_device()


@triton.jit
def _tanh(x, USE_EXP2: tl.constexpr = False):
    e = tl.exp2(-2.8853900817779268 * tl.abs(x)) if USE_EXP2 else tl.exp(-2.0 * tl.abs(x))
    t = (1.0 - e) / (1.0 + e)
    return tl.where(x >= 0, t, -t)


@triton.jit
def gelu_tanh_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr, FAST: tl.constexpr):
    assert BLOCK % 128 == 0
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    inner = 0.7978845608028654 * (x + 0.044715 * x * x * x)
    t = _tanh(inner, USE_EXP2=True) if FAST else _tanh(inner)
    tl.store(y_ptr + offs, 0.5 * x * (1.0 + t), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        gelu_tanh_kernel[(triton.cdiv(n, 512),)](x, y, n, BLOCK=512, FAST=x.device != DEVICE)
        return y
