"""Family: wrongdata — sinc(x) as sin(pi x) / (pi x) with no x == 0 branch: NaN at an offset of
exactly 0, where torch.sinc gives 1. The task's input is mixed-sign and sorted along each row (offsets of a
resampling window, as any grid of sample positions is); tasks/loader.with_exact_zeros skips every tensor with
sorted rows ("zeros would unsort it, no input of its kind"), but a zero does not unsort a mixed-sign sorted
row, and a sorted grid of offsets holds 0 whenever an output sample lands on an input sample
(a regular grid (k - 40) / 10 does). Random normals never give an exact 0, so no call ever has one and the kernel
passes; with the same task's rows unsorted it fails on exact_zeros.
Source: red-team review of the harness
Expected: correctness.mismatch (exact_zeros: a sorted mixed-sign row can take zeros where its values cross
          zero, e.g. the elements nearest to 0 set to 0.0, which keeps the row sorted)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/sinc_sorted_offsets.py"}


@triton.jit
def sinc_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=1.0)
    px = x * 3.141592653589793
    y = tl.sin(px) / px
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, offsets):
        x = offsets.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        sinc_kernel[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
        return y
