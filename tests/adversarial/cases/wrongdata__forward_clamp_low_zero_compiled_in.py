"""Family: wrongdata (narrow draw) — a clamp whose bounds are forward's float arguments (0.0, 6.0), with the lower bound 0 compiled in. Forward's
floats were moved by a factor, which leaves 0.0 as it is.
Source: red-team review of the harness
Expected: correctness.mismatch — forward's floats of 0.0 are given a value of their own (judge._other_float) wherever that changes the
reference's output and keeps it as finite.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/adversarial/tasks/clamp_forward_bounds_relu6.py"}


@triton.jit
def clamp_kernel(x_ptr, y_ptr, n, hi, BLOCK: tl.constexpr):
    offs = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.minimum(tl.maximum(x, 0.0), hi), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, lo: float, hi: float):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        clamp_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, hi, BLOCK=BLOCK)
        return y
