"""Family: wrong data (a parameter's sign dropped; the task's LayerNorm is built with gamma = 1, all positive)
Source: an LLM "fusion" that folds gamma into rstd as sqrt(gamma^2 / (var + eps)), which silently takes |gamma|
Expected: correctness.mismatch: a one-signed parameter's renewals flip a quarter of its signs
          (weights.one_signed, judge.signs_to_mix), as a trained LayerNorm's gammas have both

LayerNorm(x + residual) with the affine weight folded into the reciprocal std.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/add_layernorm_3d.py"}

@triton.jit
def add_ln_kernel(x_ptr, r_ptr, w_ptr, b_ptr, y_ptr, D, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < D
    x = tl.load(x_ptr + row * D + cols, mask=mask, other=0.0)
    r = tl.load(r_ptr + row * D + cols, mask=mask, other=0.0)
    h = x + r
    mean = tl.sum(h, axis=0) / D
    d = tl.where(mask, h - mean, 0.0)
    var = tl.sum(d * d, axis=0) / D
    w = tl.load(w_ptr + cols, mask=mask, other=0.0)
    b = tl.load(b_ptr + cols, mask=mask, other=0.0)
    scale = tl.sqrt(w * w / (var + eps))  # gamma folded into rstd
    tl.store(y_ptr + row * D + cols, d * scale + b, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.ln = nn.LayerNorm(d, eps=1e-6)

    def forward(self, x, residual):
        x = x.contiguous()
        residual = residual.contiguous()
        D = x.shape[-1]
        y = torch.empty_like(x)
        rows = x.numel() // D
        add_ln_kernel[(rows,)](x, residual, self.ln.weight, self.ln.bias, y, D, self.ln.eps,
                               BLOCK=triton.next_power_of_2(D))
        return y
