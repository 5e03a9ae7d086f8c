"""Honest: a Leaky ReLU whose kernel and launcher name the slope argument `F` while the file imports
`torch.nn.functional as F` (inside them the parameter shadows the alias, as Python scopes it), and whose
kernel docstring shows a usage example with a `def ` line after the header, as library docstrings do.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F  # noqa: F401 -- kept from the reference the file was written from
import triton
import triton.language as tl


@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n, F, BLOCK: tl.constexpr):
    """y = x where x > 0, else F * x.

    Example of what it computes, in PyTorch:

        def reference(x, slope):
            return torch.where(x > 0, x, slope * x)
    """
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    tl.store(y_ptr + offs, tl.where(x > 0, x, F * x), mask=mask)


def launch(x: torch.Tensor, F: float) -> torch.Tensor:
    x = x.contiguous()
    y = torch.empty_like(x)
    n = x.numel()
    block = 1024
    leaky_relu_kernel[(triton.cdiv(n, block),)](x, y, n, F, BLOCK=block)
    return y


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return launch(x, self.slope)
