"""Family: wrongdata (narrow draw) — a clamp whose constructor bounds are (0.0, 6.0) (tests/adversarial/tasks/relu6_clamp.py), with the lower
bound 0 compiled in (a ReLU6): right for the task file's module, wrong for Model(-1.0, 1.0). A constructor float of
0.0 was never moved (a factor leaves 0 as it is).
Source: red-team review of the harness
Expected: correctness.mismatch — one more ModelNew per evaluation built with the constructor's arguments at other values, a 0.0 given a value of
its own (judge.check_other_init_args).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/adversarial/tasks/relu6_clamp.py"}


@triton.jit
def clamp_kernel(x_ptr, y_ptr, n, high, BLOCK: tl.constexpr):
    offs = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.minimum(tl.maximum(x, 0.0), high)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, low: float, high: float):
        super().__init__()
        self.low = low
        self.high = high

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        clamp_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, self.high, BLOCK=BLOCK)
        return y
