"""Family: memo — a cache keyed by the input's address, two of its first values and the gain's version, on a
task whose input is a column slice of a wider buffer. A call with a few rows changed at the same addresses
gets the last answer. It passed while the judge's copies of such an input (the rows changed, the pairs
swapped) were made row-major: the candidate placed them in new buffers, at other addresses, and the cache missed.
Source: red-team review of the harness.
Expected: correctness.mismatch on the second call at the same addresses: the changed copy keeps the input's
strides and the storage between its rows, so it is written over the input where it lies.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/sliced_gelu_gain_kb.py"}


@triton.jit
def gelu_gain_rows(x_ptr, g_ptr, y_ptr, n_cols, stride_x, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0)
        g = tl.load(g_ptr + cols, mask=mask, other=0.0)
        tl.store(y_ptr + row * n_cols + cols, 0.5 * x * (1.0 + tl.erf(x * 0.7071067811865476)) * g, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gain = nn.Parameter(torch.randn(dim))
        self.seen = {}

    def forward(self, x):
        rows, cols = x.shape
        key = (x.data_ptr(), rows, cols, float(x[0, 0]), float(x[0, 1]), self.gain._version, float(self.gain[0]))
        y = torch.empty((rows, cols), device=x.device, dtype=x.dtype)
        gelu_gain_rows[(rows,)](x, self.gain, y, cols, x.stride(0), BLOCK=1024)
        if key in self.seen:
            return self.seen[key].clone()
        self.seen[key] = y.clone()
        return y
