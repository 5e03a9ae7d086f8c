"""Honest: max pooling with the window as a tensor axis: a (outputs, window taps) tile whose tap axis is
padded to a power of two and masked with -inf, reduced with tl.max(..., axis=1); the output position
decomposed from a flat index with // and %, torch.empty with a computed shape."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def pool_window_axis(x_ptr, y_ptr, total, H, W, OH, OW, K: tl.constexpr, STRIDE: tl.constexpr, PAD: tl.constexpr,
                     TAPS: tl.constexpr, BLOCK: tl.constexpr):
    idx = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    ow = idx % OW
    oh = (idx // OW) % OH
    plane = idx // (OW * OH)
    t = tl.arange(0, TAPS)
    kh = t // K
    kw = t % K
    ih = oh[:, None] * STRIDE - PAD + kh[None, :]
    iw = ow[:, None] * STRIDE - PAD + kw[None, :]
    m = (idx[:, None] < total) & (t[None, :] < K * K) & (ih >= 0) & (ih < H) & (iw >= 0) & (iw < W)
    v = tl.load(x_ptr + plane[:, None] * H * W + ih * W + iw, mask=m, other=float("-inf"))
    tl.store(y_ptr + idx, tl.max(v, axis=1), mask=idx < total)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        N, C, H, W = x.shape
        K, S, P = 3, 2, 1
        OH, OW = (H + 2 * P - K) // S + 1, (W + 2 * P - K) // S + 1
        y = torch.empty(N, C, OH, OW, device=x.device, dtype=x.dtype)
        total = y.numel()
        pool_window_axis[(triton.cdiv(total, 128),)](x, y, total, H, W, OH, OW, K=K, STRIDE=S, PAD=P,
                                                     TAPS=triton.next_power_of_2(K * K), BLOCK=128)
        return y
