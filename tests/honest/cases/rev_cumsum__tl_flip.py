"""Honest: reverse cumulative sum of a whole row in one block: tl.flip, an inclusive tl.cumsum, tl.flip back;
the row is padded to a power of two with zeros (which the flip moves to the front, where they add nothing)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def flip_cumsum_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    mask = offs < n_cols
    x = tl.load(x_ptr + row * n_cols + offs, mask=mask, other=0.0)
    y = tl.flip(tl.cumsum(tl.flip(x, 0), 0), 0)
    tl.store(y_ptr + row * n_cols + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        flip_cumsum_kernel[(rows,)](x, y, cols, BLOCK=triton.next_power_of_2(cols))
        return y
