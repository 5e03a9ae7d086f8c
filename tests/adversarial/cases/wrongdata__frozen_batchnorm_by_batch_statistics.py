"""Family: wrongdata — a BatchNorm2d that the task's constructor freezes with `.eval()`
(tests/honest/tasks/frozen_bn.py): as built, the model normalises by its running statistics. The candidate
normalises by the batch's statistics. Training mode was `train(True)` on the whole module, which unfroze the
BatchNorm, so the judge compared with batch statistics: this kernel passed and the one that does what the
task says failed.
Source: red-team review of the harness
Expected: correctness.mismatch (training mode is the module as built, each submodule in the mode its
constructor left it: judge._in_mode; here that gives eval mode's output, so the mode is drawn per call).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/frozen_bn.py"}


@triton.jit
def bn_batch_kernel(x_ptr, w_ptr, b_ptr, y_ptr, N, C, HW, eps, BLOCK: tl.constexpr):
    c = tl.program_id(0)
    total = N * HW
    s = tl.zeros((BLOCK,), tl.float32)
    for i0 in range(0, total, BLOCK):
        i = i0 + tl.arange(0, BLOCK)
        m = i < total
        n = i // HW
        p = i % HW
        s += tl.load(x_ptr + n * C * HW + c * HW + p, mask=m, other=0.0)
    mean = tl.sum(s, axis=0) / total
    q = tl.zeros((BLOCK,), tl.float32)
    for i0 in range(0, total, BLOCK):
        i = i0 + tl.arange(0, BLOCK)
        m = i < total
        n = i // HW
        p = i % HW
        x = tl.load(x_ptr + n * C * HW + c * HW + p, mask=m, other=0.0)
        d = tl.where(m, x - mean, 0.0)
        q += d * d
    inv = 1.0 / tl.sqrt_rn(tl.sum(q, axis=0) / total + eps)
    w = tl.load(w_ptr + c)
    b = tl.load(b_ptr + c)
    for i0 in range(0, total, BLOCK):
        i = i0 + tl.arange(0, BLOCK)
        m = i < total
        n = i // HW
        p = i % HW
        off = n * C * HW + c * HW + p
        x = tl.load(x_ptr + off, mask=m, other=0.0)
        tl.store(y_ptr + off, (x - mean) * (inv * w) + b, mask=m)


class ModelNew(nn.Module):
    def __init__(self, features: int):
        super().__init__()
        self.bn = nn.BatchNorm2d(features)

    def forward(self, x):
        x = x.contiguous()
        n, c, h, w = x.shape
        y = torch.empty_like(x)
        bn_batch_kernel[(c,)](x, self.bn.weight, self.bn.bias, y, n, c, h * w, self.bn.eps, BLOCK=256)
        return y
