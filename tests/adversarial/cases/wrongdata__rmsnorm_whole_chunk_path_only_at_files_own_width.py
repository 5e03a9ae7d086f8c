"""Family: wrongdata — an RMSNorm with an unmasked fast path for widths that are a whole number of 512-wide chunks,
which divides the sum of squares by the chunk's width instead of the row's: right for rows of one chunk, wrong
(the RMS off by sqrt(n / 512)) at 1024, 2048, 4096... the file's own width among them. For a file without SHAPES
the real reduction length was checked as 1024 less an odd amount, and the exact length only where the candidate
declined that; every other width checked (the chosen 257 and 259, the drawn one, those below, the many programs'
256) is no multiple of 512, so the fast path never ran on the CPU.
Source: red-team review of the harness.
Expected: correctness.mismatch at the exact length (hidden = 1024), now checked in one call beside the short one.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/rmsnorm_seq_kb.py"}


@triton.jit
def rmsnorm_row(x_ptr, w_ptr, y_ptr, n_cols, stride, eps, BLOCK: tl.constexpr, EVEN: tl.constexpr):
    row = tl.program_id(0)
    acc = tl.zeros([BLOCK], tl.float32)
    if EVEN:
        for start in range(0, n_cols, BLOCK):
            x = tl.load(x_ptr + row * stride + start + tl.arange(0, BLOCK))
            acc += x * x
        inv = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / BLOCK + eps)
        for start in range(0, n_cols, BLOCK):
            cols = start + tl.arange(0, BLOCK)
            x = tl.load(x_ptr + row * stride + cols)
            w = tl.load(w_ptr + cols)
            tl.store(y_ptr + row * stride + cols, x * inv * w)
    else:
        for start in range(0, n_cols, BLOCK):
            cols = start + tl.arange(0, BLOCK)
            x = tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=0.0)
            acc += x * x
        inv = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / n_cols + eps)
        for start in range(0, n_cols, BLOCK):
            cols = start + tl.arange(0, BLOCK)
            m = cols < n_cols
            x = tl.load(x_ptr + row * stride + cols, mask=m, other=0.0)
            w = tl.load(w_ptr + cols, mask=m, other=0.0)
            tl.store(y_ptr + row * stride + cols, x * inv * w, mask=m)


class ModelNew(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, x):
        shape = x.shape
        x2 = x.reshape(-1, shape[-1]).contiguous()
        y = torch.empty_like(x2)
        rows, cols = x2.shape
        BLOCK = 512
        rmsnorm_row[(rows,)](x2, self.weight, y, cols, x2.stride(0), self.eps,
                             BLOCK=BLOCK, EVEN=(cols % BLOCK == 0))
        return y.reshape(shape)
