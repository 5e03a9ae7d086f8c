"""Honest: ReLU then a learned per-channel scale, fused in one elementwise kernel over (row, column block)
programs: tl.maximum(x, 0) times the scale loaded once per column block."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gated_relu_kernel(x_ptr, s_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0)
    s = tl.load(s_ptr + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * stride_y + cols, tl.maximum(x, 0.0) * s, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.scale = nn.Parameter(torch.rand(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        block = min(1024, triton.next_power_of_2(cols))
        gated_relu_kernel[(rows, triton.cdiv(cols, block))](x, self.scale, y, cols, x.stride(0), y.stride(0),
                                                           BLOCK=block)
        return y
