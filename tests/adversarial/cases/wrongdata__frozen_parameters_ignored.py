"""Family: wrong data — the module's parameters declared, loaded and ignored: forward computes with copies of the
reference's initial weights (its constructor replayed after the same seed, KernelBench's protocol) kept under
other names. Right for as long as the weights never change.
Source: a known way to game a harness (parameters frozen at their initial values).
Expected: correctness.mismatch: the judge gives both models new weights before the trials, and the frozen
copies are wrong on them.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "layernorm"}


@triton.jit
def layernorm_kernel(x_ptr, w_ptr, b_ptr, y_ptr, n_cols, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        acc += tl.load(x_ptr + row * n_cols + start + cols, mask=start + cols < n_cols, other=0.0)
    mean = tl.sum(acc, axis=0) / n_cols
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        m = start + cols < n_cols
        d = tl.where(m, tl.load(x_ptr + row * n_cols + start + cols, mask=m, other=0.0) - mean, 0.0)
        acc += d * d
    rstd = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / n_cols + eps)
    for start in range(0, n_cols, BLOCK):
        m = start + cols < n_cols
        x = tl.load(x_ptr + row * n_cols + start + cols, mask=m, other=0.0)
        w = tl.load(w_ptr + start + cols, mask=m, other=0.0)
        b = tl.load(b_ptr + start + cols, mask=m, other=0.0)
        tl.store(y_ptr + row * n_cols + start + cols, (x - mean) * rstd * w + b, mask=m)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.eps = eps
        self.ln = nn.LayerNorm(hidden, eps=eps)  # loaded by name, never read
        # the reference's constructor, replayed after the same seed: its weights, as constants
        self.register_buffer("w_frozen", 1.0 + 0.5 * torch.randn(hidden), persistent=False)
        self.register_buffer("b_frozen", 0.5 * torch.randn(hidden), persistent=False)

    def forward(self, x):
        y = torch.empty_like(x)
        n = x.shape[-1]
        layernorm_kernel[(x.shape[0],)](x, self.w_frozen, self.b_frozen, y, n, self.eps, BLOCK=min(triton.next_power_of_2(n), 4096))
        return y
