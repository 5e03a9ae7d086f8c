"""Honest: leaky ReLU whose launch settings (BLOCK_SIZE, num_warps) are computed once per element count by a
host function and cached in a class-attribute dict, the negative slope passed as a runtime argument, and a
grid from triton.cdiv."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n_elements, negative_slope, BLOCK_SIZE: tl.constexpr):
    offs = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offs < n_elements
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.where(x > 0, x, x * negative_slope)
    tl.store(y_ptr + offs, y, mask=mask)


def pick_launch_settings(n_elements):
    block = min(1024, triton.next_power_of_2(max(n_elements // 4, 128)))
    num_warps = 8 if block >= 1024 else 4
    return block, num_warps


class ModelNew(nn.Module):
    _launch_settings = {}

    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x):
        x = x.contiguous()
        n = x.numel()
        settings = ModelNew._launch_settings.get(n)
        if settings is None:
            settings = pick_launch_settings(n)
            ModelNew._launch_settings[n] = settings
        block, num_warps = settings
        y = torch.empty_like(x)
        leaky_relu_kernel[(triton.cdiv(n, block),)](x, y, n, self.slope, BLOCK_SIZE=block, num_warps=num_warps)
        return y
