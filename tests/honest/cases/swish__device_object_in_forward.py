"""Honest: Swish whose launcher builds its device object in forward, `torch.device("cuda", x.get_device())`,
and allocates the output there with `torch.empty(..., device=dev)` (the style of wrappers that pick the
input's GPU explicitly)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def swish_kernel(x_ptr, y_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    offsets = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    tl.store(y_ptr + offsets, x * tl.sigmoid(x), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        dev = torch.device("cuda", x.get_device())
        x = x.contiguous()
        y = torch.empty(x.shape, dtype=x.dtype, device=dev)
        n = x.numel()
        swish_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK_SIZE=1024)
        return y
