"""Honest: a lazily refined module-level cap first bound to a constant expression (`_MAX_BLOCK = 1 << 16`,
as Liger writes `MAX_FUSED_SIZE = 65536`-style caps) and lowered through a `global` statement once the
device is known."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

_MAX_BLOCK = 1 << 16
_QUERIED = False


def max_block():
    global _MAX_BLOCK, _QUERIED
    if not _QUERIED:
        if torch.cuda.get_device_capability()[0] < 8:
            _MAX_BLOCK = 8192
        _QUERIED = True
    return _MAX_BLOCK


@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n, slope, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m)
    tl.store(y_ptr + offs, tl.where(x >= 0, x, x * slope), mask=m)


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        block = min(1024, max_block())
        leaky_relu_kernel[(triton.cdiv(n, block),)](x, y, n, self.slope, BLOCK=block)
        return y
