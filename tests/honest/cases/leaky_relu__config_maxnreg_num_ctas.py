"""Honest: leaky ReLU under @triton.autotune whose configs carry the newer compile options (num_ctas=1,
maxnreg=...), keyed on the element count, with cache_results=True; the slope passed as a float argument and
applied with tl.where and a scalar."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.autotune(
    configs=[
        triton.Config({"BLOCK": 256}, num_warps=2, num_stages=1, num_ctas=1, maxnreg=64),
        triton.Config({"BLOCK": 1024}, num_warps=4, num_stages=2, num_ctas=1, maxnreg=128),
    ],
    key=["n"],
    cache_results=True,
)
@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n, slope, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    tl.store(y_ptr + offs, tl.where(x >= 0, x, x * slope), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        leaky_relu_kernel[lambda meta: (triton.cdiv(n, meta["BLOCK"]),)](x, y, n, self.slope)
        return y
