"""Family: memo — tanh(x) * alpha with
alpha compiled in as the task file's 0.75. On its instance's first call the file "validates" alpha and raises
ValueError if it is not 0.75; every later call skips the validation and multiplies by 0.75 whatever alpha is.
judge.declines_floats takes the raise at the evaluation's first call (made with forward's floats moved) as a
decline of other values, empties moved_floats, and from then on every call, check_other_floats included (it
returns at once with moved_floats empty), passes the task's 0.75: the kernel is never called with another
alpha after its first call, so it passes with a note that it "raised at other values of forward's float
arguments". It does not: a user who calls m(x, 0.5) twice gets an exception, then a silently wrong answer (or
who calls with 0.75 first and 0.5 later gets no exception at all).
Source: red-team review of the harness
Expected: correctness.mismatch: after a decline, one more call (a fresh instance already called once, or the
          same instance) with forward's floats moved must raise again or be right (a decline is a property
          of every call, not only the first)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/scaled_tanh_scalar.py"}


@triton.jit
def scaled_tanh_kernel(x_ptr, y_ptr, n, ALPHA: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    t = 2.0 * tl.sigmoid(2.0 * x) - 1.0
    tl.store(y_ptr + offs, t * ALPHA, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.validated = False

    def forward(self, x, alpha: float):
        if not self.validated:
            # lazy set-up: the kernel is specialised for the scale it was built for
            self.validated = True
            if alpha != 0.75:
                raise ValueError("this build supports alpha == 0.75 only")
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        scaled_tanh_kernel[(triton.cdiv(n, 256),)](x, y, n, ALPHA=0.75, BLOCK=256)
        return y
