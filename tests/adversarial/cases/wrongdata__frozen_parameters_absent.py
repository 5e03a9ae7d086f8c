"""Family: wrong data — weights frozen at the reference's initial values, with no parameter to load them into.
Both models are built after the same seed (KernelBench's protocol), so a candidate that replays the reference's
constructor (here: LayerNorm's affine weight 1 + 0.5 N(0, 1), bias 0.5 N(0, 1)) holds exactly the reference's
weights as plain tensors, and is right for as long as nobody changes them. It has no `weight` or `bias` of its
own, so it is an operator with constants baked in, not the module.
Source: a known way to game a harness (parameters frozen at their initial values).
Expected: correctness.parameter_missing, naming ln.weight and ln.bias: the judge gives the reference new weights
before every trial and loads them into the candidate by name.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.parameter_missing", "task": "layernorm"}


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
        # the reference's constructor, replayed after the same seed: its weights, as constants
        self.w = 1.0 + 0.5 * torch.randn(hidden)
        self.b = 0.5 * torch.randn(hidden)

    def forward(self, x):
        y = torch.empty_like(x)
        n = x.shape[-1]
        layernorm_kernel[(x.shape[0],)](x, self.w, self.b, y, n, self.eps, BLOCK=min(triton.next_power_of_2(n), 4096))
        return y
