"""Honest: ReLU kernel; `Tensor` is imported only under `if TYPE_CHECKING:` and used only in a local-variable
annotation inside forward(). Python never evaluates annotations of local variables (PEP 526), so the name is
never read at run time; a common typing idiom."""
from typing import TYPE_CHECKING

import torch
import torch.nn as nn
import triton
import triton.language as tl

if TYPE_CHECKING:
    from torch import Tensor


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y: Tensor = torch.empty_like(x)
        n = x.numel()
        block = 1024
        relu_kernel[(triton.cdiv(n, block),)](x, y, n, BLOCK=block)
        return y
