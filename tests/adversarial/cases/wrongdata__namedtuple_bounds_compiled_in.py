"""Family: wrongdata — a clamp whose bounds reach forward as a NamedTuple `Bounds(-0.5, 0.8)`; the kernel
compiles the task file's bounds in. The argument movers walked plain tuples, lists and dicts only, so a
NamedTuple's floats were never moved (and the size chooser's copy of the inputs crashed on one).
Source: red-team review of the harness
Expected: correctness.mismatch (a NamedTuple's fields are moved as a tuple's)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/clamp_bounds_namedtuple.py"}


@triton.jit
def clamp_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.minimum(tl.maximum(x, -0.5), 0.8)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, bounds):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        clamp_kernel[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
        return y
