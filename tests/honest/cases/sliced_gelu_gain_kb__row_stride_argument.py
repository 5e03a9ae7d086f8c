"""Honest: GELU times a gain over a column slice of a wider buffer, a program per row that takes the row stride
as an argument (`x.stride(0)`), as the Triton tutorials pass strides, and loops over the row in blocks."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gelu_gain_rows(x_ptr, g_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0)
        g = tl.load(g_ptr + cols, mask=mask, other=0.0)
        y = 0.5 * x * (1.0 + tl.erf(x * 0.7071067811865476))
        tl.store(y_ptr + row * stride_y + cols, y * g, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gain = nn.Parameter(torch.randn(dim))

    def forward(self, x):
        if x.stride(-1) != 1:
            x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty((rows, cols), device=x.device, dtype=x.dtype)
        gelu_gain_rows[(rows,)](x, self.gain, y, cols, x.stride(0), y.stride(0), BLOCK=1024)
        return y
