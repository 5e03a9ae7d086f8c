"""Honest: torch.diff in place in a copy of the input by one program walking it in blocks, with
tl.debug_barrier() between each block's loads of y[i + 1], y[i] and its store over y[i] (the barrier orders
every thread's loads before any thread's store)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def diff_in_place(y_ptr, n, BLOCK: tl.constexpr):
    # one program walks the vector in blocks, in place
    offs = tl.arange(0, BLOCK)
    for start in range(0, n - 1, BLOCK):
        i = start + offs
        inside = i < n - 1
        nxt = tl.load(y_ptr + i + 1, mask=inside, other=0.0)
        cur = tl.load(y_ptr + i, mask=inside, other=0.0)
        tl.debug_barrier()
        tl.store(y_ptr + i, nxt - cur, mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x.contiguous().clone()
        n = y.numel()
        diff_in_place[(1,)](y, n, BLOCK=1024)
        return y[: n - 1]
