"""Honest: bias + ReLU where the host materialises nothing: the bias is broadcast with torch.broadcast_to
(a stride-0 view) and the kernel reads it through its strides; forward runs under torch.no_grad()."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def add_relu_kernel(x_ptr, b_ptr, y_ptr, n_rows, n_cols, sxr, sxc, sbr, sbc, BLOCK_C: tl.constexpr):
    row = tl.program_id(0)
    cb = tl.program_id(1)
    cols = cb * BLOCK_C + tl.arange(0, BLOCK_C)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * sxr + cols * sxc, mask=mask, other=0.0)
    b = tl.load(b_ptr + row * sbr + cols * sbc, mask=mask, other=0.0)
    tl.store(y_ptr + row * n_cols + cols, tl.maximum(x + b, 0.0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x, bias):
        with torch.no_grad():
            b = torch.broadcast_to(bias, x.shape)
            y = torch.empty(x.shape, dtype=x.dtype, device=x.device)
            n_rows, n_cols = x.shape
            grid = (n_rows, triton.cdiv(n_cols, 128))
            add_relu_kernel[grid](x, b, y, n_rows, n_cols, x.stride(0), x.stride(1), b.stride(0), b.stride(1),
                                  BLOCK_C=128)
        return y
