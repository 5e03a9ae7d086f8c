"""Family: wrong data as right — a Kahan (compensated) sum over the middle axis. For finite inputs it is
more accurate than a plain fp32 sum, but the compensation term is (t - s) - y, which is inf - inf = NaN as
soon as any addend is +-inf or a partial sum overflows: the column comes back NaN where torch.sum gives +-inf.
It passed while sum_reduction declared no input families (randn + 0.1 only), the judge adding only exact
zeros. A user pooling activations that hold an inf (or values
near fp32's max) gets NaN instead of inf.
Source: red-team review of the harness
Expected: correctness.mismatch on sum_reduction's infinities family (NaN where the sum is infinite)
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "sum_reduction"}


@triton.jit
def sum_mid_kahan_kernel(x_ptr, y_ptr, N, D, stride_b, stride_n, BLOCK_D: tl.constexpr, BLOCK_N: tl.constexpr):
    # y[b, d] = sum_n x[b, n, d], compensated (Kahan) so long reductions keep fp32 digits
    b = tl.program_id(0)
    d = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    rn = tl.arange(0, BLOCK_N)
    dmask = d < D
    s = tl.zeros([BLOCK_N, BLOCK_D], tl.float32)
    c = tl.zeros([BLOCK_N, BLOCK_D], tl.float32)
    base = x_ptr + b * stride_b
    for n0 in range(0, N, BLOCK_N):
        nn_ = n0 + rn
        m = (nn_[:, None] < N) & dmask[None, :]
        v = tl.load(base + nn_[:, None] * stride_n + d[None, :], mask=m, other=0.0)
        yk = v - c
        t = s + yk
        c = (t - s) - yk
        s = t
    tot = tl.sum(s, axis=0) - tl.sum(c, axis=0)
    tl.store(y_ptr + b * D + d, tot, mask=dmask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        B, N, D = x.shape
        y = torch.empty((B, D), device=x.device, dtype=x.dtype)
        BLOCK_D = 64
        grid = (B, triton.cdiv(D, BLOCK_D))
        sum_mid_kahan_kernel[grid](x, y, N, D, x.stride(0), x.stride(1), BLOCK_D=BLOCK_D, BLOCK_N=16)
        return y
