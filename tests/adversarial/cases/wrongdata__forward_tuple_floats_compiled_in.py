"""Family: wrong data — a clamp whose (low, high) bounds reach forward as a tuple of floats; the kernel
ignores the tuple and compiles in the task file's values (-0.5, 0.75) as constexprs. The judge moves
forward's plain floats and ints (type(v) is float / int) by a drawn factor, but a float inside a tuple or
list argument is never moved (judge._moved / move_floats look at top-level plain numbers only), so every
checked call passes (-0.5, 0.75) and the hard-coded kernel matches. Any user calling with other bounds,
e.g. model(x, (-1.0, 2.0)), gets the wrong clamp.
Source: red-team review of the harness
Expected: correctness.mismatch (forward's floats inside tuples/lists moved like plain floats)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/clamp_bounds_tuple.py"}


@triton.jit
def _clamp(x_ptr, y_ptr, n, LOW: tl.constexpr, HIGH: tl.constexpr, BLOCK: tl.constexpr):
    o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = o < n
    x = tl.load(x_ptr + o, mask=m)
    tl.store(y_ptr + o, tl.minimum(tl.maximum(x, LOW), HIGH), mask=m)


class ModelNew(nn.Module):
    def forward(self, x, bounds):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        _clamp[(triton.cdiv(n, 1024),)](x, y, n, LOW=-0.5, HIGH=0.75, BLOCK=1024)
        return y
