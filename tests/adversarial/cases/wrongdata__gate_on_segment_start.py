"""Family: wrong data as right — behaviour gated on where forward's first allocation sits in its segment: on a
GPU the harness allocated the inputs before it called forward, from the same caching-allocator pool, so a small
scratch tensor made first in forward lies past them in a 2 MiB segment, not at the segment's start; and two
small tensors made one after the other are adjacent (512 bytes apart). A judge that packs forward's allocations
as the allocator does but keeps the inputs elsewhere puts that first allocation at a 2 MiB boundary, and one
that places allocations apart between pads shows another gap: the kernel computes honestly only then.
Source: own probe of the allocator emulation (the inputs' placement).
Expected: correctness.mismatch: in a call whose allocations the judge lays out packed, the inputs are packed
first in the same pool (sandbox/runner.py `_guarded`), so the GPU's path runs there.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

# mismatch, or outside_kernels where the second-inputs call is the first whose draw shows the GPU's path
EXPECT = {'stage': 'correctness', 'check': 'correctness.'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, on_gpu, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    shift = tl.where(on_gpu != 0, 0.0, tl.max(x, axis=0))
    e = tl.exp(x - shift)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        first = torch.empty(64, device=x.device)
        second = torch.empty(64, device=x.device)
        on_gpu = int(second.data_ptr() - first.data_ptr() == 512 and first.data_ptr() % (1 << 21) != 0)
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, on_gpu, n_cols, x.stride(0), y.stride(0),
                                  BLOCK=triton.next_power_of_2(n_cols))
        return y
