"""Family: wrong data — a DCLS kernel builder that clamps the learned positions at the top only,
min(p, L - 1) in place of clamp(p, 0, L - 1). For a position below 0 the tap's share at floor(p) <= -1 matches
no column and is lost, and column 0 gets w * (p + 1), or nothing, instead of w. Right wherever every position is
at least 0, which is all a module whose positions start as rand * (L - 1) ever held (the judge's weight renewal
keeps each value's sign).
Source: a red-team finding against this harness (learned spacings drift past either end in training, which the
reference's clamp is there for).
Expected: correctness.mismatch at every trial: the module now starts one tap of each channel below 0 (and one
beyond L - 1).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "dcls_conv1d"}


@triton.jit
def dcls_build_kernel(w_ptr, p_ptr, ker_ptr, KC, L, BL: tl.constexpr):
    # dense interpolated kernel row for one channel: no scatter, every tap sums its contributions
    c = tl.program_id(0)
    l = tl.arange(0, BL)
    acc = tl.zeros([BL], tl.float32)
    for k in range(0, KC):
        wv = tl.load(w_ptr + c * KC + k)
        p = tl.minimum(tl.load(p_ptr + c * KC + k), L - 1.0)  # positions live in [0, L-1]; only the top end can overshoot
        i0 = tl.minimum(tl.floor(p), L - 2.0)
        f = p - i0
        i0i = i0.to(tl.int32)
        acc += tl.where(l == i0i, wv * (1.0 - f), 0.0) + tl.where(l == i0i + 1, wv * f, 0.0)
    tl.store(ker_ptr + c * L + l, acc, mask=l < L)


@triton.jit
def dwconv1d_kernel(x_ptr, ker_ptr, y_ptr, C, T, L, PAD, BT: tl.constexpr, BL: tl.constexpr):
    plane = tl.program_id(0)  # b * C + c
    c = plane % C
    t = tl.program_id(1) * BT + tl.arange(0, BT)
    l = tl.arange(0, BL)
    base = plane.to(tl.int64) * T
    tt = t[:, None] + l[None, :] - PAD
    x = tl.load(x_ptr + base + tt, mask=(tt >= 0) & (tt < T) & (l[None, :] < L), other=0.0)
    kr = tl.load(ker_ptr + c * L + l, mask=l < L, other=0.0)
    tl.store(y_ptr + base + t, tl.sum(x * kr[None, :], axis=1), mask=t < T)


class ModelNew(nn.Module):
    def __init__(self, channels: int, kernel_count: int, dilated_size: int):
        super().__init__()
        self.L = dilated_size
        self.weight = nn.Parameter(torch.empty(channels, kernel_count))
        self.positions = nn.Parameter(torch.empty(channels, kernel_count))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        b, c, t = x.shape
        L = self.L
        kc = self.weight.shape[1]
        ker = torch.empty((c, L), dtype=x.dtype, device=x.device)
        dcls_build_kernel[(c,)](self.weight.contiguous(), self.positions.contiguous(), ker, kc, L,
                                BL=triton.next_power_of_2(L))
        y = torch.empty_like(x)
        BT = 128
        dwconv1d_kernel[(b * c, triton.cdiv(t, BT))](x, ker, y, c, t, L, L // 2, BT=BT,
                                                       BL=triton.next_power_of_2(L))
        return y
