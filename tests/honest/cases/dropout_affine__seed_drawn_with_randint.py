"""Honest: a seeded dropout in the style of Triton's low-memory-dropout tutorial, fused with the affine: the
kernel draws its mask with `tl.rand(seed, offsets)` from a seed that forward draws with `torch.randint` (a draw
of a size, which reads no input); in eval mode p is 0 and the mask keeps everything."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def dropout_scale_shift(x_ptr, y_ptr, n, p, seed, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    x = tl.load(x_ptr + offs, mask=inside, other=0.0)
    keep = tl.rand(seed, offs) >= p
    kept = tl.where(keep, x / (1.0 - p), 0.0)
    tl.store(y_ptr + offs, kept * 2.0 + 1.0, mask=inside)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.p = 0.1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        p = self.p if self.training else 0.0
        seed = int(torch.randint(0, 2**31 - 1, (1,)).item())
        y = torch.empty_like(x)
        n = x.numel()
        dropout_scale_shift[(triton.cdiv(n, 512),)](x, y, n, p, seed, BLOCK=512)
        return y
