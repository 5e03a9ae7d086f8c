"""Honest: ReLU kernel; a module-level list comprehension filters candidate block sizes with an assignment
expression in its condition (`[s for b in ... if (s := b * 256) <= 1024]`). PEP 572: the walrus target of a
comprehension binds in the enclosing (module) scope, and the element `s` is only evaluated after the condition
bound it."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

_SIZES = [s for b in (1, 2, 4, 8) if (s := b * 256) <= 1024]
BLOCK_SIZE = _SIZES[-1]


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
