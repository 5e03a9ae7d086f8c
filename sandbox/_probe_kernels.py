"""A one-line Triton kernel for the sandbox probe. Imported only inside the probe's confined child, after the
interpreter switch is set, because Triton reads TRITON_INTERPRET when a kernel is decorated."""

import torch
import triton
import triton.language as tl


@triton.jit
def _add_one(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask) + 1.0, mask=mask)


def add_one(x: torch.Tensor) -> torch.Tensor:
    y = torch.empty_like(x)
    _add_one[(triton.cdiv(x.numel(), 256),)](x, y, x.numel(), BLOCK=256)
    return y
