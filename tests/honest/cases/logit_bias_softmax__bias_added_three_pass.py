"""Honest: softmax of x + bias in three passes over the row (max, sum of exponentials, store), the bias read
whole: its -inf padding entries give exp(-inf) = 0."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softmax_bias_kernel(x_ptr, b_ptr, y_ptr, n_cols, sx, sy, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    m = tl.full((BLOCK,), float("-inf"), tl.float32)
    for c0 in range(0, n_cols, BLOCK):
        cols = c0 + tl.arange(0, BLOCK)
        ok = cols < n_cols
        x = tl.load(x_ptr + row * sx + cols, mask=ok, other=float("-inf"))
        b = tl.load(b_ptr + cols, mask=ok, other=0.0)
        x = x + b
        m = tl.maximum(m, x)
    mx = tl.max(m, axis=0)
    s = tl.zeros((BLOCK,), tl.float32)
    for c0 in range(0, n_cols, BLOCK):
        cols = c0 + tl.arange(0, BLOCK)
        ok = cols < n_cols
        x = tl.load(x_ptr + row * sx + cols, mask=ok, other=float("-inf"))
        b = tl.load(b_ptr + cols, mask=ok, other=0.0)
        x = x + b
        s += tl.exp(x - mx)
    tot = tl.sum(s, axis=0)
    for c0 in range(0, n_cols, BLOCK):
        cols = c0 + tl.arange(0, BLOCK)
        ok = cols < n_cols
        x = tl.load(x_ptr + row * sx + cols, mask=ok, other=float("-inf"))
        b = tl.load(b_ptr + cols, mask=ok, other=0.0)
        x = x + b
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
