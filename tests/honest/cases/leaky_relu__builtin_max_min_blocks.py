"""Honest: leaky ReLU written with Python's builtin max and min over a loaded block (`max(x, 0.0)`,
`min(x, 0.0)`), which compiled Triton maps to elementwise tl.maximum / tl.minimum (deprecated in Triton 3.9,
still compiled so); the block size derived on the host with the builtin max as well."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n, negative_slope, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n
    x = tl.load(x_ptr + offsets, mask=mask, other=0.0)
    y = max(x, 0.0) + negative_slope * min(x, 0.0)
    tl.store(y_ptr + offsets, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK_SIZE = max(128, min(1024, triton.next_power_of_2(n)))
        grid = (triton.cdiv(n, BLOCK_SIZE),)
        leaky_relu_kernel[grid](x, y, n, self.slope, BLOCK_SIZE=BLOCK_SIZE)
        return y
