"""Honest: Leaky ReLU whose wrapper works on the current CUDA device: it checks that the input lives there
(`x.get_device() == torch.cuda.current_device()`) and allocates the output with
`device=torch.cuda.current_device()` (a bare device index), a 2-D grid over rows and column blocks."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, slope, BLOCK_N: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0)
    y = tl.where(x >= 0, x, x * slope)
    tl.store(y_ptr + row * stride_y + cols, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        device = torch.cuda.current_device()
        assert x.get_device() == device, "the input must be on the current CUDA device"
        n_rows, n_cols = x.shape
        y = torch.empty((n_rows, n_cols), dtype=x.dtype, device=device)
        BLOCK_N = 128
        grid = (n_rows, triton.cdiv(n_cols, BLOCK_N))
        leaky_relu_kernel[grid](x, y, n_cols, x.stride(0), y.stride(0), self.slope, BLOCK_N=BLOCK_N)
        return y
