"""Honest: elementwise maximum with NaN propagation as torch.maximum does it: tl.maximum(a, b,
propagate_nan=tl.PropagateNan.ALL), a flat 1-D launch over numel()."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def nan_max_kernel(a_ptr, b_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    a = tl.load(a_ptr + offs, mask=mask)
    b = tl.load(b_ptr + offs, mask=mask)
    tl.store(y_ptr + offs, tl.maximum(a, b, propagate_nan=tl.PropagateNan.ALL), mask=mask)


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        a, b = a.contiguous(), b.contiguous()
        y = torch.empty_like(a)
        n = a.numel()
        nan_max_kernel[(triton.cdiv(n, 1024),)](a, b, y, n, BLOCK=1024)
        return y
