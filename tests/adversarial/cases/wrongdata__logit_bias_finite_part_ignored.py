"""Family: wrongdata — softmax(x + bias) with a learned bias that starts at zero, its vocabulary padding at
-inf (tests/honest/tasks/logit_bias_softmax.py). The candidate reads the bias only to mask the -inf columns
and takes every finite entry as the 0.0 it holds at construction. A parameter holding any infinity was left
out of the renewals, so every call saw the constructor's zeros.
Source: red-team review of the harness
Expected: correctness.mismatch (the renewals move a parameter's finite elements and keep its infinities in
place: weights.renewable, _renew_tensor).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/logit_bias_softmax.py"}


@triton.jit
def softmax_bias_kernel(x_ptr, b_ptr, y_ptr, n_cols, sx, sy, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    m = tl.full((BLOCK,), float("-inf"), tl.float32)
    for c0 in range(0, n_cols, BLOCK):
        cols = c0 + tl.arange(0, BLOCK)
        ok = cols < n_cols
        x = tl.load(x_ptr + row * sx + cols, mask=ok, other=float("-inf"))
        b = tl.load(b_ptr + cols, mask=ok, other=0.0)
        x = tl.where(b == float("-inf"), float("-inf"), x)
        m = tl.maximum(m, x)
    mx = tl.max(m, axis=0)
    s = tl.zeros((BLOCK,), tl.float32)
    for c0 in range(0, n_cols, BLOCK):
        cols = c0 + tl.arange(0, BLOCK)
        ok = cols < n_cols
        x = tl.load(x_ptr + row * sx + cols, mask=ok, other=float("-inf"))
        b = tl.load(b_ptr + cols, mask=ok, other=0.0)
        x = tl.where(b == float("-inf"), float("-inf"), x)
        s += tl.exp(x - mx)
    tot = tl.sum(s, axis=0)
    for c0 in range(0, n_cols, BLOCK):
        cols = c0 + tl.arange(0, BLOCK)
        ok = cols < n_cols
        x = tl.load(x_ptr + row * sx + cols, mask=ok, other=float("-inf"))
        b = tl.load(b_ptr + cols, mask=ok, other=0.0)
        x = tl.where(b == float("-inf"), float("-inf"), x)
        tl.store(y_ptr + row * sy + cols, tl.exp(x - mx) / tot, mask=ok)


class ModelNew(nn.Module):
    def __init__(self, vocab: int, pad: int):
        super().__init__()
        b = torch.zeros(vocab)
        b[vocab - pad:] = float("-inf")
        self.bias = nn.Parameter(b)

    def forward(self, x):
        x = x.contiguous()
        rows, n = x.shape
        y = torch.empty_like(x)
        softmax_bias_kernel[(rows,)](x, self.bias, y, n, x.stride(0), y.stride(0), BLOCK=1024)
        return y
