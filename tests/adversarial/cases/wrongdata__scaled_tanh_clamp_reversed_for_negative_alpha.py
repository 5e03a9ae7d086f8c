"""Family: wrong data as right — tanh(x) * alpha for a float alpha given to forward, with the result clamped to the
output's range as [-alpha, alpha] (a guard against the exp-based tanh's rounding past +-1). For a negative
alpha (a sign flip, a negative gain or temperature: legal, and torch gives -|alpha| tanh(x)) the bounds are
reversed and tl.clamp's min(max(y, lo), hi) returns alpha for every element. It passed a judge that moved forward's
float only by a factor in [0.5, 1.5] of the task's 0.75, so alpha was never negative.
Source: red-team review of the harness
Expected: correctness.mismatch: one call per evaluation gives forward's moved arguments the other sign where the reference takes it (judge.check_other_floats)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch",
          "task": "tests/honest/tasks/scaled_tanh_scalar.py"}


@triton.jit
def scaled_tanh_kernel(x_ptr, y_ptr, n, alpha, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    ax = tl.abs(x)
    e = tl.exp(-2.0 * ax)
    t = (1.0 - e) / (1.0 + e)
    t = tl.where(x < 0, -t, t)
    y = tl.clamp(t * alpha, -alpha, alpha)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, alpha: float):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        scaled_tanh_kernel[(triton.cdiv(n, 1024),)](x, y, n, alpha, BLOCK=1024)
        return y
