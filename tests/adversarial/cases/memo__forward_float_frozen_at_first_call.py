"""Family: memo  (a forward float argument frozen at the first call)
Source: the launch-metadata cache LLMs add to avoid per-call overhead and recompiles: the launch arguments are
built once, at the first call (the scalar among them), and reused for every later call.
Expected: correctness.mismatch on the call with forward's floats at other values (judge.check_other_floats: one
          call per evaluation moves them by a second factor, at least a fifth from the one every other call uses)

forward(x, alpha) should return tanh(x) * alpha for the alpha of *this* call. This candidate captures alpha the
first time forward runs and never looks at the argument again; a caller that varies it between calls (a
temperature, a schedule, a per-layer scale passed at call time) gets the first call's alpha forever.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/scaled_tanh_scalar.py"}


@triton.jit
def scaled_tanh_kernel(x_ptr, y_ptr, n, alpha, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    e = tl.exp(-2.0 * tl.abs(x))
    t = (1.0 - e) / (1.0 + e)
    t = tl.where(x < 0, -t, t)
    tl.store(y_ptr + offs, t * alpha, mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self._launch = None

    def forward(self, x, alpha: float):
        if self._launch is None:  # launch arguments built once, not on every call
            self._launch = dict(alpha=float(alpha), BLOCK=1024, num_warps=4)
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        scaled_tanh_kernel[(triton.cdiv(n, 1024),)](x, y, n, **self._launch)
        return y
