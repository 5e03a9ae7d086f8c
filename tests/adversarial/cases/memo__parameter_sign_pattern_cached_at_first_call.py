"""Family: memo — y = x * relu(g) with a learned gate g of both signs
(tests/adversarial/tasks/relu_gate_scale.py). The trials' renewals scale each element by U(0.5, 1.5) and flip
signs only in one-signed parameters, so a mixed-sign parameter kept its sign pattern for the whole evaluation.
The candidate finds the live gates (g > 0) with a kernel at its first forward and afterwards computes
|g| * alive: wrong after any checkpoint in which a gate changed sign.
Source: red-team review of the harness
Expected: correctness.mismatch on the first instance called again after new weights (that one renewal also
flips a quarter of the signs of parameters of both signs where the reference stays as finite:
judge.signs_to_turn).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/adversarial/tasks/relu_gate_scale.py"}


@triton.jit
def alive_kernel(g_ptr, alive_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    g = tl.load(g_ptr + offs, mask=m, other=0.0)
    tl.store(alive_ptr + offs, (g > 0).to(tl.float32), mask=m)


@triton.jit
def gate_kernel(x_ptr, g_ptr, alive_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        ok = cols < n_cols
        x = tl.load(x_ptr + row * n_cols + cols, mask=ok, other=0.0)
        g = tl.load(g_ptr + cols, mask=ok, other=0.0)
        a = tl.load(alive_ptr + cols, mask=ok, other=0.0)
        tl.store(y_ptr + row * n_cols + cols, x * (tl.abs(g) * a), mask=ok)


class ModelNew(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.g = nn.Parameter(torch.randn(features))
        self.alive = None  # which features are live: found once, at the first call

    def forward(self, x):
        x = x.contiguous()
        if self.alive is None:
            n = self.g.numel()
            self.alive = torch.empty(n, device=x.device, dtype=torch.float32)
            alive_kernel[(triton.cdiv(n, 256),)](self.g, self.alive, n, BLOCK=256)
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        gate_kernel[(n_rows,)](x, self.g, self.alive, y, n_cols, BLOCK=256)
        return y
