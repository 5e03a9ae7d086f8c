"""Honest: copysign by bit manipulation: tl.cast(x, tl.uint32, bitcast=True), masks as uint32 constants built
with tl.full, the bits recombined and cast back with tl.cast(..., tl.float32, bitcast=True)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def copysign_kernel(a_ptr, b_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    a = tl.load(a_ptr + offs, mask=mask, other=0.0)
    b = tl.load(b_ptr + offs, mask=mask, other=0.0)
    a_bits = tl.cast(a, tl.uint32, bitcast=True)
    b_bits = tl.cast(b, tl.uint32, bitcast=True)
    sign = tl.full((BLOCK,), 0x80000000, tl.uint32)
    mag = tl.full((BLOCK,), 0x7FFFFFFF, tl.uint32)
    y = tl.cast((a_bits & mag) | (b_bits & sign), tl.float32, bitcast=True)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        y = torch.empty_like(a)
        n = y.numel()
        copysign_kernel[(triton.cdiv(n, 256),)](a, b, y, n, BLOCK=256)
        return y
