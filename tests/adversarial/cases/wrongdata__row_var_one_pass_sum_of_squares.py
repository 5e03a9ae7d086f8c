"""Family: wrong data  (variance as (sum x^2 - (sum x)^2 / n) / (n - 1) in fp32: cancels on offset rows)
Source: the one-pass "textbook" variance an LLM writes to read the row once (sum and sum of squares in
the same loop), as in many from-scratch Triton reduction kernels.
Expected: correctness.mismatch on the task's large_offset family (rows around 300 to 600 with a spread of
          about 1, where the two sums agree to 7 digits and their fp32 difference is mostly rounding)

The honest `row_var` task draws randn * 3 + 2: mean^2 / var = 0.44, so the two accumulators barely cancel
and fp32 keeps ~6 digits of the variance, inside rtol 1e-4. On data whose mean is large against its spread
(timestamps, sensor readings, pixel intensities, an un-normalised feature) sum x^2 and (sum x)^2 / n agree in
their leading digits and fp32 loses the variance entirely (mean 1000, std 1: 5-20% off on every row at
4096 columns; mean 1e4: the variance is mostly rounding, even negative). Two passes or Welford stay exact there; the judge's value families (typical, exact_zeros, a zero
row) never shift the mean, so it cannot tell them apart. Same shortcut core/layernorm's large_offset catches.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/row_var.py"}


@triton.jit
def var_kernel(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    acc = tl.zeros([BLOCK], tl.float32)
    acc2 = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        x = tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=0.0)
        acc += x
        acc2 += x * x
    s = tl.sum(acc, 0)
    s2 = tl.sum(acc2, 0)
    var = (s2 - s * s / n_cols) / (n_cols - 1)
    tl.store(y_ptr + row, var)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty(x.shape[0], device=x.device, dtype=x.dtype)
        var_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=256)
        return y
