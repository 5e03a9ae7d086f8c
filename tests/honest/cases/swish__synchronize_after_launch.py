"""Honest: an LLM's habit after a launch, `torch.cuda.synchronize()` before returning (it waits for the
kernel, nothing more), with `assert x.is_cuda` and a flat view of a contiguous input."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def swish_kernel(x_ptr, y_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    tl.store(y_ptr + offsets, x * tl.sigmoid(x), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        assert x.is_cuda
        x_flat = x.contiguous().view(-1)
        y = torch.empty_like(x_flat)
        n_elements = x_flat.numel()
        grid = lambda meta: (triton.cdiv(n_elements, meta["BLOCK_SIZE"]),)
        swish_kernel[grid](x_flat, y, n_elements, BLOCK_SIZE=1024)
        torch.cuda.synchronize()
        return y.view_as(x)
