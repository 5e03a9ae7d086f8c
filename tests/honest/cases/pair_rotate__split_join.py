"""Honest: rotation of interleaved pairs with tl.reshape + tl.split to take the (even, odd) lanes apart and
tl.join + tl.reshape to interleave them again, one program per row."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def rotate_pairs_kernel(x_ptr, cos_ptr, sin_ptr, y_ptr, half, stride_x, stride_cs, stride_y,
                        BLOCK_HALF: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, 2 * BLOCK_HALF)
    x = tl.load(x_ptr + row * stride_x + offs, mask=offs < 2 * half, other=0.0)
    x_even, x_odd = tl.split(tl.reshape(x, (BLOCK_HALF, 2)))
    pairs = tl.arange(0, BLOCK_HALF)
    c = tl.load(cos_ptr + row * stride_cs + pairs, mask=pairs < half, other=1.0)
    s = tl.load(sin_ptr + row * stride_cs + pairs, mask=pairs < half, other=0.0)
    y_even = x_even * c - x_odd * s
    y_odd = x_even * s + x_odd * c
    y = tl.reshape(tl.join(y_even, y_odd), (2 * BLOCK_HALF,))
    tl.store(y_ptr + row * stride_y + offs, y, mask=offs < 2 * half)


class ModelNew(nn.Module):
    def forward(self, x, cos, sin):
        tokens, dim = x.shape
        half = dim // 2
        y = torch.empty_like(x)
        rotate_pairs_kernel[(tokens,)](x, cos, sin, y, half, x.stride(0), cos.stride(0), y.stride(0),
                                       BLOCK_HALF=triton.next_power_of_2(half))
        return y
