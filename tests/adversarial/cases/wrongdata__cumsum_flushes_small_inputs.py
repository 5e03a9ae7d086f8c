"""Family: right only on the values checked — a scan that flushes inputs below 5e-4 in magnitude to zero.
On N(0, 1) rows that costs less than the absolute tolerance; on rows of values around 1e-3 most of the
output is lost, which only the relative L2 error (or the elementwise check at those values) shows.
Source: own variant (a tolerance sized for one scale of values, exploited at another).
Expected: correctness stage, correctness.mismatch on the task's small_values family.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'cumsum', 'reason_contains': 'small_values'}


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, TINY: tl.constexpr, BLOCK: tl.constexpr):
    # BUG: inputs below TINY in magnitude are flushed to zero before the scan ("denormal-like flush");
    # on N(0,1) data that costs a few 1e-3 at most, inside the absolute tolerance, but on data of
    # scale 1e-4 every output is 0.
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    carry = tl.zeros([], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_ptr + row * stride_x + start + cols, mask=mask, other=0.0)
        x = tl.where(tl.abs(x) < TINY, 0.0, x)
        c = tl.cumsum(x, axis=0) + carry
        tl.store(y_ptr + row * stride_y + start + cols, c, mask=mask)
        carry += tl.sum(x, axis=0)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        cumsum_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), TINY=5e-4, BLOCK=1024)
        return y
