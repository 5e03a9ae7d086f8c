"""Family: wrong data — forward takes torch.div's rounding_mode as a string ("trunc" in get_inputs); the kernel
ignores the argument and always truncates. No mover touches a string (move_floats, check_other_floats,
check_other_ints and the refills change floats, ints, bools and tensors only), so every call passes "trunc" and
the kernel passes. A caller passing rounding_mode="floor" gets the truncated quotient: off by one at every
negative non-integer quotient (half the elements here).
Source: red-team review of the harness
Expected: correctness.mismatch (a call with each other value the reference takes for a string argument, or a
static/contract refusal of ignored forward arguments)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/div_rounding_mode.py"}


@triton.jit
def _div_trunc(x_ptr, y_ptr, o_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m)
    y = tl.load(y_ptr + offs, mask=m, other=1.0)
    q = x / y
    r = tl.where(q < 0, -tl.floor(-q), tl.floor(q))
    tl.store(o_ptr + offs, r, mask=m)


class ModelNew(nn.Module):
    def forward(self, x, y, rounding_mode):
        x = x.contiguous()
        y = y.contiguous()
        o = torch.empty_like(x)
        n = x.numel()
        _div_trunc[(triton.cdiv(n, 1024),)](x, y, o, n, BLOCK=1024)
        return o
