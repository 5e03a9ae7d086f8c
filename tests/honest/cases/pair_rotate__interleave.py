"""Honest: rotation of interleaved pairs where the even and odd lanes are loaded with stride-2 pointers and
the rotated halves put back in order with tl.interleave before one contiguous store."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def rotate_interleave_kernel(x_ptr, cos_ptr, sin_ptr, y_ptr, half, stride_x, stride_cs, stride_y,
                             BLOCK_HALF: tl.constexpr):
    row = tl.program_id(0)
    i = tl.arange(0, BLOCK_HALF)
    m = i < half
    x_even = tl.load(x_ptr + row * stride_x + 2 * i, mask=m, other=0.0)
    x_odd = tl.load(x_ptr + row * stride_x + 2 * i + 1, mask=m, other=0.0)
    c = tl.load(cos_ptr + row * stride_cs + i, mask=m, other=1.0)
    s = tl.load(sin_ptr + row * stride_cs + i, mask=m, other=0.0)
    y = tl.interleave(x_even * c - x_odd * s, x_even * s + x_odd * c)
    j = tl.arange(0, 2 * BLOCK_HALF)
    tl.store(y_ptr + row * stride_y + j, y, mask=j < 2 * half)


class ModelNew(nn.Module):
    def forward(self, x, cos, sin):
        tokens, dim = x.shape
        y = torch.empty_like(x)
        rotate_interleave_kernel[(tokens,)](x, cos, sin, y, dim // 2, x.stride(0), cos.stride(0), y.stride(0),
                                            BLOCK_HALF=triton.next_power_of_2(dim // 2))
        return y
