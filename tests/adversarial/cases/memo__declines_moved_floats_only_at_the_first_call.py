"""Family: memo — a clamp to [-alpha, alpha] that compiles in the task file's alpha of 0.5. Its first call
raises whatever it is given, which the judge took for a refusal of forward's floats at other values (a kernel
may decline them at its first call), so every later call passed the task's 0.5. A user's call with another
alpha gets the clamp to 0.5, silently.
Source: red-team review of the harness
Expected: correctness.mismatch (after such a refusal, one more call at the moved values: it must raise again,
or answer right)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch",
          "task": "tests/honest/tasks/clamp_forward_bound.py"}


@triton.jit
def k(x_ptr, y_ptr, n, ALPHA: tl.constexpr, BLOCK: tl.constexpr):
    o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = o < n
    x = tl.load(x_ptr + o, mask=m)
    tl.store(y_ptr + o, tl.maximum(tl.minimum(x, ALPHA), -ALPHA), mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, x, alpha: float):
        self.calls += 1
        if self.calls == 1:
            raise ValueError("only alpha = 0.5 is supported")
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        k[(triton.cdiv(n, 1024),)](x, y, n, ALPHA=0.5, BLOCK=1024)
        return y
