"""Family: wrongdata — a Softplus that takes beta from its constructor but ignores `threshold` (always the smooth
branch, never the linear `x` where beta * x > threshold). At the task's threshold of 20 the two branches agree to
about 2e-9 on standard normal inputs, and so they do at every threshold from 10 to 30, where the constructor's
floats are moved: the threshold's moves never changed the reference's output, while beta's did, so the plan with
both moved was kept and the threshold was never checked. Wrong for any model built with a threshold inside the
data's range (`nn.Softplus(1.0, 1.0)` at x = 2: 2.0 from torch, 2.127 from this).
Source: red-team review of the harness.
Expected: correctness.mismatch on an instance built with the threshold alone taken further (x 0.1: 2.0), where
its moves left the reference's output as it was.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/softplus_threshold_kb.py"}


@triton.jit
def softplus_kernel(x_ptr, y_ptr, n, beta, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    z = x * beta
    # stable log(1 + exp(z)) = max(z, 0) + log(1 + exp(-|z|))
    y = (tl.maximum(z, 0.0) + tl.log(1.0 + tl.exp(-tl.abs(z)))) / beta
    tl.store(y_ptr + offs, y, mask=m)


class ModelNew(nn.Module):
    def __init__(self, beta, threshold):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        softplus_kernel[(triton.cdiv(n, 1024),)](x, y, n, self.beta, BLOCK=1024)
        return y
