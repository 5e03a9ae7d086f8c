"""Family: wrongdata — a row softmax that skips the division by the row's sum when a call has fewer than 16 rows
(a "decode" path): right at every shape of 16 rows or more, wrong at one row. The shapes below the sizes given
(one row, a handful of elements) waive the relative L2 bound over the whole output, and with it the default
atol, which is that bound times the output's RMS: the atol became infinite there, and any finite output passed
on a plain KernelBench file (the task sets no tolerance of its own).
Source: red-team review of the harness.
Expected: correctness.mismatch at a shape below the sizes given: each element is held to the default atol,
still scaled by the output's RMS, and to rtol.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/softmax_rows_kb.py"}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride, NORMALISE: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    mx = tl.full((BLOCK,), float("-inf"), tl.float32)
    for start in range(0, n_cols, BLOCK):
        o = start + offs
        mx = tl.maximum(mx, tl.load(x_ptr + row * stride + o, mask=o < n_cols, other=float("-inf")))
    m = tl.max(mx, axis=0)
    s = tl.zeros((BLOCK,), tl.float32)
    for start in range(0, n_cols, BLOCK):
        o = start + offs
        x = tl.load(x_ptr + row * stride + o, mask=o < n_cols, other=float("-inf"))
        s += tl.exp(x - m)
    total = tl.sum(s, axis=0)
    for start in range(0, n_cols, BLOCK):
        o = start + offs
        x = tl.load(x_ptr + row * stride + o, mask=o < n_cols, other=float("-inf"))
        e = tl.exp(x - m)
        if NORMALISE:
            e = e / total
        tl.store(y_ptr + row * stride + o, e, mask=o < n_cols)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        rows = x.numel() // max(x.shape[-1], 1)
        y = torch.empty_like(x)
        if x.numel() > 0:
            # "decode" path for small batches: the normalisation is skipped (wrong)
            softmax_kernel[(rows,)](x, y, x.shape[-1], x.shape[-1], NORMALISE=rows >= 16, BLOCK=1024)
        return y
