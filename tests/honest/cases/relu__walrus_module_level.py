"""Honest: ReLU kernel; the module-level block size is bound with an assignment expression inside a
module-level statement (`_CONFIG = ((BLOCK_SIZE := 1024), NUM_WARPS)`). The walrus binds the global
unconditionally whenever the module imports."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

NUM_WARPS = 4
_CONFIG = ((BLOCK_SIZE := 1024), NUM_WARPS)


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
        y = torch.empty_like(x)
        n = x.numel()
        relu_kernel[(triton.cdiv(n, BLOCK_SIZE),)](x, y, n, BLOCK=BLOCK_SIZE, num_warps=NUM_WARPS)
        return y
