"""Honest: GLU with the halves taken on the host as views, a, b = x.chunk(2, dim=-1), and passed to the
kernel as two strided tensors with their own row strides (nothing copied)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def glu_halves(a_ptr, b_ptr, y_ptr, n_cols, stride_a, stride_b, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    a = tl.load(a_ptr + row * stride_a + cols, mask=mask, other=0.0)
    b = tl.load(b_ptr + row * stride_b + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * stride_y + cols, a * tl.sigmoid(b), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a, b = x.chunk(2, dim=-1)
        rows, half = a.shape
        y = x.new_empty((rows, half))
        BLOCK = min(256, triton.next_power_of_2(half))
        glu_halves[(rows, triton.cdiv(half, BLOCK))](a, b, y, half, a.stride(0), b.stride(0), y.stride(0),
                                                     BLOCK=BLOCK)
        return y
