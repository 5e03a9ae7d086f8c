"""Honest: leaky ReLU whose launch is prepared once with functools.partial (grid function and block size
bound), the slope a runtime float argument annotated as fp32."""

import functools

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n, slope, BLOCK_SIZE: tl.constexpr):
    offs = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    tl.store(y_ptr + offs, tl.where(x >= 0, x, x * slope), mask=mask)


def _launch(x, y, slope, block):
    n = x.numel()
    leaky_relu_kernel[(triton.cdiv(n, block),)](x, y, n, slope, BLOCK_SIZE=block)
    return y


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope
        self.run = functools.partial(_launch, block=512)

    def forward(self, x):
        x = x.contiguous()
        return self.run(x, torch.empty_like(x), self.slope)
