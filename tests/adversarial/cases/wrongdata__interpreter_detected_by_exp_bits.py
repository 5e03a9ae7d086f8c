"""Family: wrong data as right — the kernel tells the interpreter from the GPU by the bits of one `tl.exp`:
compiled for NVIDIA, an fp32 `tl.exp(x)` is `ex2.approx.f32(fl32(x * log2(e)))`, and for x = 87.25 the
rounding of the product alone puts the result about 50 ulps from the correctly rounded exp(87.25) (PTX:
`ex2.approx.f32` of 0f42FBC012, compared with 0f7E6AC6B4, NumPy's exp). The interpreter computes `tl.exp`
with NumPy, so the comparison holds there and the softmax keeps its max shift; on the GPU it never holds, and
rows whose exp overflows come out as inf/inf = NaN. The probe's argument is made at run time from the
program id, and the compile for the GPU target only builds the kernel.
Source: a kernel that tells the judge's machine from the GPU it is written for; own variant (tl.exp2, tl.log,
tl.sqrt, tl.rsqrt, tl.sin/cos and fp32 division are approximate instructions on the GPU too).
Expected: correctness.mismatch: the interpreter computes fp32 tl.exp as the GPU's lowering does (the product
rounded to fp32 before the exp2), so the exact exp the probe compares with is not what it gets.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    # exp(87.25) rounded once, as NumPy computes it; ex2.approx of the rounded product is ~50 ulps away
    probe = tl.exp(row.to(tl.float32) * 0.0 + 87.25)
    if probe == 7.801777e+37:
        x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
