"""Honest: ReLU kernel; the block size is picked by a module-level `match` on the Triton major version with a
wildcard `case _:`, so every path binds BLOCK_SIZE (an exhaustive match, like if/else)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

match triton.__version__.split(".")[0]:
    case "2":
        BLOCK_SIZE = 512
    case _:
        BLOCK_SIZE = 1024


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
        relu_kernel[(triton.cdiv(n, BLOCK_SIZE),)](x, y, n, BLOCK=BLOCK_SIZE)
        return y
