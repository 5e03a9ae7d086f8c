"""Honest: fp8 fake quantisation: the 0-dim scale tensor read with tl.load(scale_ptr), x / scale clamped (a module-level tl.constexpr bound) with
tl.minimum/tl.maximum, rounded to fp8 with .to(tl.float8e4nv) and widened back with .to(tl.float32)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl

FP8_MAX = tl.constexpr(448.0)


@triton.jit
def fp8_fake_quant_kernel(x_ptr, scale_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    scale = tl.load(scale_ptr)
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    v = tl.minimum(tl.maximum(x / scale, -FP8_MAX), FP8_MAX)
    q = v.to(tl.float8e4nv)
    tl.store(y_ptr + offs, q.to(tl.float32) * scale, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        fp8_fake_quant_kernel[(triton.cdiv(n, 512),)](x, scale, y, n, BLOCK=512)
        return y
