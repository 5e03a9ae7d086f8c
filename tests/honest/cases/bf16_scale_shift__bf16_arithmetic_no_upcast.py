"""Honest: bf16 arithmetic without an upcast, `x * scale + shift` on bf16 blocks and a bf16 store, as
elementwise kernels for bf16 models are often written (the GPU computes in bf16, or in fp32 rounded once)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def scale_shift_kernel(x_ptr, s_ptr, b_ptr, y_ptr, n_rows, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = (cols < n_cols) & (row < n_rows)
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    s = tl.load(s_ptr + cols, mask=mask, other=0.0)
    b = tl.load(b_ptr + cols, mask=mask, other=0.0)
    y = tl.where(x > -1e30, x * s + b, b)  # the comparison on bf16 values too
    tl.store(y_ptr + row * n_cols + cols, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x, scale, shift):
        x = x.contiguous()
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        BLOCK = 256
        scale_shift_kernel[(n_rows, triton.cdiv(n_cols, BLOCK))](x, scale, shift, y, n_rows, n_cols, BLOCK=BLOCK)
        return y
