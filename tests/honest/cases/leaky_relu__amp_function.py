"""Honest: leaky ReLU as a Liger-style autograd.Function whose forward carries torch.amp.custom_fwd, with the
slope passed through ctx and a backward kernel sharing a helper @triton.jit function."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _slope_of(x, slope):
    return tl.where(x >= 0, 1.0, slope)


@triton.jit
def _fwd(x_ptr, y_ptr, n, slope, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    tl.store(y_ptr + offs, x * _slope_of(x, slope), mask=m)


@triton.jit
def _bwd(x_ptr, dy_ptr, dx_ptr, n, slope, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    dy = tl.load(dy_ptr + offs, mask=m, other=0.0)
    tl.store(dx_ptr + offs, dy * _slope_of(x, slope), mask=m)


class LeakyReLUFunction(torch.autograd.Function):
    @staticmethod
    @torch.amp.custom_fwd(device_type="cuda")
    def forward(ctx, x, slope):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        _fwd[(triton.cdiv(n, 256),)](x, y, n, slope, BLOCK=256)
        ctx.slope = slope
        ctx.save_for_backward(x)
        return y

    @staticmethod
    @torch.amp.custom_bwd(device_type="cuda")
    def backward(ctx, dy):
        (x,) = ctx.saved_tensors
        dx = torch.empty_like(x)
        n = x.numel()
        _bwd[(triton.cdiv(n, 256),)](x, dy.contiguous(), dx, n, ctx.slope, BLOCK=256)
        return dx, None


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x):
        return LeakyReLUFunction.apply(x, self.slope)
