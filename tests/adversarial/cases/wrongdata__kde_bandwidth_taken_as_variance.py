"""Family: wrong data — a Gaussian KDE that takes the bandwidth h as the kernel's variance (h2 = h, not h^2),
a sigma / sigma^2 mix-up. Exact at h = 1.0, the one bandwidth the task used to be built with at every shape; off
by O(1) to O(100) at any other.
Source: a red-team finding against this harness (a float constructor argument is neither a size nor a weight:
nothing varied it).
Expected: correctness.mismatch at every shape: the bandwidth is now 1.3, and 0.8 and 1.6 in the small shapes.
"""

import math
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "kde_logsumexp"}


@triton.jit
def kde_lse_kernel(y_ptr, x_ptr, out_ptr, M, N, D, neg_inv_2h2, const,
                   BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rk = tl.arange(0, BK)
    rn0 = tl.arange(0, BN)
    mmask = rm < M
    # query norms
    yn = tl.zeros([BM], tl.float32)
    for k0 in range(0, D, BK):
        kk = k0 + rk
        yv = tl.load(y_ptr + rm[:, None] * D + kk[None, :], mask=mmask[:, None] & (kk[None, :] < D), other=0.0)
        yn += tl.sum(yv * yv, axis=1)
    run_max = tl.full([BM], -1e30, tl.float32)
    run_sum = tl.zeros([BM], tl.float32)
    for n0 in range(0, N, BN):
        rn = n0 + rn0
        nmask = rn < N
        dot = tl.zeros([BM, BN], tl.float32)
        xn = tl.zeros([BN], tl.float32)
        for k0 in range(0, D, BK):
            kk = k0 + rk
            yv = tl.load(y_ptr + rm[:, None] * D + kk[None, :], mask=mmask[:, None] & (kk[None, :] < D), other=0.0)
            xv = tl.load(x_ptr + rn[:, None] * D + kk[None, :], mask=nmask[:, None] & (kk[None, :] < D), other=0.0)
            dot = tl.dot(yv, tl.trans(xv), dot, input_precision="ieee")
            xn += tl.sum(xv * xv, axis=1)
        d2 = tl.maximum(yn[:, None] + xn[None, :] - 2.0 * dot, 0.0)
        s = tl.where(nmask[None, :], d2 * neg_inv_2h2, -1e30)
        new_max = tl.maximum(run_max, tl.max(s, axis=1))
        run_sum = run_sum * tl.exp(run_max - new_max) + tl.sum(tl.exp(s - new_max[:, None]), axis=1)
        run_max = new_max
    tl.store(out_ptr + rm, run_max + tl.log(run_sum) - const, mask=mmask)


class ModelNew(nn.Module):
    def __init__(self, bandwidth: float):
        super().__init__()
        self.bandwidth = bandwidth

    def forward(self, y: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        y = y.contiguous()
        x = x.contiguous()
        m, d = y.shape
        n = x.shape[0]
        h2 = self.bandwidth  # the kernel's variance (bandwidth taken as h^2)
        const = math.log(n) + 0.5 * d * math.log(2.0 * math.pi * h2)
        out = torch.empty((m,), dtype=y.dtype, device=y.device)
        BM, BN, BK = 32, 64, 32
        kde_lse_kernel[(triton.cdiv(m, BM),)](y, x, out, m, n, d, -1.0 / (2.0 * h2), const, BM=BM, BN=BN, BK=BK)
        return out
