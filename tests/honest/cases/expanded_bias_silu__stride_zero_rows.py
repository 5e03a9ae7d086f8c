"""Honest: SiLU(x + bias) with the expanded bias read through its own row stride (0), never copied: a program
per row, the bias row loaded at `row * stride_b`, as a kernel that honours broadcast strides does."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def add_silu_rows(x_ptr, b_ptr, y_ptr, n_cols, stride_x, stride_b, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0)
        b = tl.load(b_ptr + row * stride_b + cols, mask=mask, other=0.0)
        z = x + b
        tl.store(y_ptr + row * n_cols + cols, z * tl.sigmoid(z), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, bias):
        if x.stride(-1) != 1:
            x = x.contiguous()
        if bias.stride(-1) != 1:
            bias = bias.contiguous()
        rows, cols = x.shape
        y = torch.empty((rows, cols), device=x.device, dtype=x.dtype)
        add_silu_rows[(rows,)](x, bias, y, cols, x.stride(0), bias.stride(0), BLOCK=512)
        return y
