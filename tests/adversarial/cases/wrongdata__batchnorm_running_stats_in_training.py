"""Family: wrongdata — BatchNorm1d on a plain KernelBench-style file (tests/honest/tasks/batchnorm1d_kb.py),
which KernelBench calls as built, in training mode: normalised by the batch's statistics. The candidate
always normalises by the running statistics (eval mode's formula) and never updates them. Where the modes
gave other outputs the judge called every forward in eval mode, so the training-mode path was never compared.
Source: red-team review of the harness
Expected: correctness.mismatch (a module built in training mode is judged in it where that computes the same
twice: judge.note_training_ignored; a task says TRAINING = False to be judged as deployed).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/batchnorm1d_kb.py"}


@triton.jit
def bn_eval_kernel(x_ptr, rm_ptr, rv_ptr, w_ptr, b_ptr, y_ptr, n_rows, n_cols, eps,
                   BLOCK_R: tl.constexpr, BLOCK_C: tl.constexpr):
    pr = tl.program_id(0)
    pc = tl.program_id(1)
    r = pr * BLOCK_R + tl.arange(0, BLOCK_R)
    c = pc * BLOCK_C + tl.arange(0, BLOCK_C)
    cm = c < n_cols
    m = (r[:, None] < n_rows) & cm[None, :]
    x = tl.load(x_ptr + r[:, None] * n_cols + c[None, :], mask=m, other=0.0)
    rm = tl.load(rm_ptr + c, mask=cm, other=0.0)
    rv = tl.load(rv_ptr + c, mask=cm, other=1.0)
    w = tl.load(w_ptr + c, mask=cm, other=0.0)
    b = tl.load(b_ptr + c, mask=cm, other=0.0)
    inv = 1.0 / tl.sqrt_rn(rv + eps)
    y = (x - rm[None, :]) * (inv * w)[None, :] + b[None, :]
    tl.store(y_ptr + r[:, None] * n_cols + c[None, :], y, mask=m)


class ModelNew(nn.Module):
    def __init__(self, features: int):
        super().__init__()
        self.bn = nn.BatchNorm1d(features)

    def forward(self, x):
        x = x.contiguous()
        n, c = x.shape
        y = torch.empty_like(x)
        grid = (triton.cdiv(n, 16), triton.cdiv(c, 128))
        bn_eval_kernel[grid](x, self.bn.running_mean, self.bn.running_var, self.bn.weight, self.bn.bias, y,
                             n, c, self.bn.eps, BLOCK_R=16, BLOCK_C=128)
        return y
