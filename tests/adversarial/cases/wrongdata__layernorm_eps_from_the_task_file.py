"""Family: wrongdata (narrow draw: constructor floats never moved) — a LayerNorm whose kernel takes eps from
the task file (1e-5) instead of the value its module was built with. Every call of a judge that built both
models from get_init_inputs alone gave it the one eps it compiled in; a model built with another eps (1e-6, as
many checkpoints use) normalises nearly flat rows differently. It passed while constructor arguments stayed
get_init_inputs' own.
Source: red-team review of the harness
Expected: correctness.mismatch — one more ModelNew per evaluation, built with the constructor's floats moved
(judge.check_other_init_args), called on the value family where the move changes the reference most (nearly
flat rows for an eps).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "layernorm"}
EPS = 1e-5  # the task file's eps


@triton.jit
def layernorm_kernel(x_ptr, w_ptr, b_ptr, y_ptr, n_cols, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * n_cols
    y_row = y_ptr + row * n_cols
    # pass 1: mean
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        acc += tl.load(x_row + start + cols, mask=mask, other=0.0)
    mean = tl.sum(acc, axis=0) / n_cols
    # pass 2: variance around the mean (no cancellation)
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        d = tl.where(mask, tl.load(x_row + start + cols, mask=mask, other=0.0) - mean, 0.0)
        acc += d * d
    rstd = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / n_cols + eps)
    # pass 3: normalise, affine, store
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=0.0)
        w = tl.load(w_ptr + start + cols, mask=mask, other=0.0)
        b = tl.load(b_ptr + start + cols, mask=mask, other=0.0)
        tl.store(y_row + start + cols, (x - mean) * rstd * w + b, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps)  # parameter container only (weight, bias)
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_cols = x.shape[-1]
        n_rows = x.numel() // n_cols
        block = min(triton.next_power_of_2(n_cols), 4096)
        layernorm_kernel[(n_rows,)](x, self.ln.weight, self.ln.bias, y, n_cols, EPS, BLOCK=block)
        return y
