"""Family: wrong data (the task drew only positive values)
Source: the classic "cumprod as exp of a cumsum of logs" rewrite, which an LLM reaches for to get a parallel scan
Expected: correctness.mismatch on the task's `signed` family: NaN or the wrong sign where torch.cumprod is finite

Row cumulative product computed in log space: exp(cumsum(log(x))), the sign and zeros of x ignored.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/row_cumprod.py"}

@triton.jit
def cumprod_log_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    carry = 0.0
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=1.0)
        lx = tl.log(x)
        s = tl.cumsum(lx, axis=0) + carry
        tl.store(y_ptr + row * n_cols + cols, tl.exp(s), mask=mask)
        carry += tl.sum(lx, axis=0)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        cumprod_log_kernel[(rows,)](x, y, cols, BLOCK=64)
        return y
