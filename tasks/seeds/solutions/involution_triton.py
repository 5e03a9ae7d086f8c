import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def involution_kernel(x_ptr, k_ptr, y_ptr, C, G, H, W, KS, PAD,
                      BP: tl.constexpr, BV: tl.constexpr):
    # BP pixels of one (b, c) plane; one kernel row (BV >= KS taps) per step
    plane = tl.program_id(0)  # b * C + c
    b = plane // C
    c = plane % C
    g = c // (C // G)
    HW = H * W
    p = tl.program_id(1) * BP + tl.arange(0, BP)
    pmask = p < HW
    i = p // W
    j = p % W
    v = tl.arange(0, BV)
    vmask = v < KS
    jj = j[:, None] + v[None, :] - PAD
    col_ok = pmask[:, None] & vmask[None, :] & (jj >= 0) & (jj < W)
    x_base = plane.to(tl.int64) * HW
    k_base = (b * G + g).to(tl.int64) * KS * KS * HW
    acc = tl.zeros([BP, BV], tl.float32)
    for u in range(0, KS):
        ii = i + u - PAD
        m = col_ok & ((ii >= 0) & (ii < H))[:, None]
        x = tl.load(x_ptr + x_base + ii[:, None] * W + jj, mask=m, other=0.0)
        kv = tl.load(k_ptr + k_base + (u * KS + v[None, :]) * HW + p[:, None],
                     mask=pmask[:, None] & vmask[None, :], other=0.0)
        acc += x * kv
    tl.store(y_ptr + x_base + p, tl.sum(acc, axis=1), mask=pmask)


class ModelNew(nn.Module):
    def __init__(self, kernel_size: int, groups: int):
        super().__init__()
        self.k = kernel_size
        self.groups = groups

    def forward(self, x: torch.Tensor, ker: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        ker = ker.contiguous()
        b, c, h, w = x.shape
        y = torch.empty_like(x)
        BP = 128
        grid = (b * c, triton.cdiv(h * w, BP))
        involution_kernel[grid](x, ker, y, c, self.groups, h, w, self.k, self.k // 2, BP=BP,
                                BV=triton.next_power_of_2(self.k))
        return y
