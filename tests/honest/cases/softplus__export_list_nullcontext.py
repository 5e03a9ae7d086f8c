"""Honest: softplus as linear-attention and state-space-model libraries package it: an `__all__` export list,
the launch under `contextlib.nullcontext()` (the device-context helper of flash-linear-attention's utilities,
written with the module imported whole) and an optional argument annotated with a legacy tensor type."""

import contextlib
from typing import Optional

import torch
import torch.nn as nn
import triton
import triton.language as tl

__all__ = ["ModelNew", "softplus_forward"]


@triton.jit
def _softplus(x):
    # stable form: log(1 + exp(x)) = max(x, 0) + log(1 + exp(-|x|))
    return tl.maximum(x, 0.0) + tl.log(1.0 + tl.exp(-tl.abs(x)))


@triton.jit
def _softplus_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    # PyTorch's threshold: the identity above 20
    y = tl.where(x > 20.0, x, _softplus(x))
    tl.store(y_ptr + offs, y, mask=mask)


def softplus_forward(x: torch.Tensor, out: Optional[torch.FloatTensor] = None) -> torch.Tensor:
    x = x.contiguous()
    y = torch.empty_like(x) if out is None else out
    n = x.numel()
    ctx = torch.cuda.device(x.device.index) if x.is_cuda and torch.cuda.device_count() > 1 else contextlib.nullcontext()
    with ctx:
        _softplus_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
    return y


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return softplus_forward(x)
