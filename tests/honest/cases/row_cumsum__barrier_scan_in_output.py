"""Honest: a Hillis-Steele row scan done in the output buffer, one program per row: the row is copied into the
output, then for each doubling distance d every element adds the one d places to its left. Elements of the
block are spread over the program's threads, so each step's loads read what other threads stored: a
tl.debug_barrier() separates every store from the loads after it, and the loads from the stores after them,
as shared-scratch scans in public Triton code do."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def scan_in_place(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr, STEPS: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    inside = cols < n_cols
    y_row = y_ptr + row * stride
    tl.store(y_row + cols, tl.load(x_ptr + row * stride + cols, mask=inside, other=0.0), mask=inside)
    for k in tl.static_range(STEPS):
        d = 1 << k
        tl.debug_barrier()
        here = tl.load(y_row + cols, mask=inside, other=0.0)
        left = tl.load(y_row + cols - d, mask=inside & (cols >= d), other=0.0)
        tl.debug_barrier()
        tl.store(y_row + cols, here + left, mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = triton.next_power_of_2(n_cols)
        scan_in_place[(n_rows,)](x, y, n_cols, x.stride(0), BLOCK=block, STEPS=max(block.bit_length() - 1, 0))
        return y
