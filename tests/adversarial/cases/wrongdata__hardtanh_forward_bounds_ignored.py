"""Family: wrongdata — a Hardtanh whose kernel copies its input and never applies forward's `min_val` and
`max_val`. The task's bounds of -8 and 8 lie past the values of standard normal inputs, and so do the bounds every
call gets moved (4 to 12 either way): the reference is the identity at every one of them, so a copy passes. Wrong
for any caller with bounds inside the data's range (the usual -1 and 1).
Source: red-team review of the harness.
Expected: correctness.mismatch on a call with one bound alone taken further (-8 x 0.1 = -0.8), where the moves of
every other call left the reference's output as it was.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/hardtanh_forward_bounds.py"}


@triton.jit
def bounded_copy_kernel(x_ptr, y_ptr, n, lo, hi, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    # the bounds are taken, and never used: "they never bind on normalised activations"
    tl.store(y_ptr + offs, x, mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, min_val, max_val):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        bounded_copy_kernel[(triton.cdiv(n, 1024),)](x, y, n, min_val, max_val, BLOCK=1024)
        return y
