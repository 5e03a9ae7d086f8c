"""Family: wrong data as right — a row-wise cumsum whose carry between blocks is Kahan-compensated (y = total - c;
t = carry + y; c = (t - carry) - y). On finite inputs it is as accurate as torch's scan or more; but once a
block holds an infinity (a -inf log-probability, an overflowed activation, a masked score) the correction
term is inf - inf = NaN and every later element of the row is NaN where torch gives +-inf. It passed while the
cumsum task drew only finite values (typical and small_values families).
Source: red-team review of the harness
Expected: correctness.mismatch on cumsum's infinities family (NaN where the running sum is infinite)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "cumsum"}


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    carry = tl.zeros([1], tl.float32)
    comp = tl.zeros([1], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + offs < n_cols
        x = tl.load(x_ptr + row * stride_x + start + offs, mask=mask, other=0.0)
        s = tl.cumsum(x, axis=0)
        tl.store(y_ptr + row * stride_y + start + offs, s + carry, mask=mask)
        total = tl.sum(x, axis=0)
        yk = total - comp
        t = carry + yk
        comp = (t - carry) - yk
        carry = t


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        cumsum_kernel[(rows,)](x, y, cols, x.stride(0), y.stride(0), BLOCK=1024)
        return y
