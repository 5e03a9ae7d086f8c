"""Honest: 2-D tiles of 32 x 128 that read both inputs through both of their strides (the activations' inner
stride of 2, the gate's batch stride of 0), tanh from exp(-2|z|) with the sign put back."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gated_tanh(x_ptr, g_ptr, b_ptr, y_ptr, M, N, sxm, sxn, sgm, sgn,
               BM: tl.constexpr, BN: tl.constexpr):
    rows = tl.program_id(0) * BM + tl.arange(0, BM)
    cols = tl.program_id(1) * BN + tl.arange(0, BN)
    mask = (rows[:, None] < M) & (cols[None, :] < N)
    x = tl.load(x_ptr + rows[:, None] * sxm + cols[None, :] * sxn, mask=mask, other=0.0)
    g = tl.load(g_ptr + rows[:, None] * sgm + cols[None, :] * sgn, mask=mask, other=0.0)
    b = tl.load(b_ptr + cols, mask=cols < N, other=0.0)
    z = x * g + b[None, :]
    e = tl.exp(-2.0 * tl.abs(z))
    t = (1.0 - e) / (1.0 + e)
    tl.store(y_ptr + rows[:, None] * N + cols[None, :], tl.where(z < 0, -t, t), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, feat):
        super().__init__()
        self.shift = nn.Parameter(torch.randn(feat) * 0.1)

    def forward(self, x, gate):
        m, n = x.shape
        y = torch.empty((m, n), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(m, 32), triton.cdiv(n, 128))
        gated_tanh[grid](x, gate, self.shift, y, m, n, x.stride(0), x.stride(1), gate.stride(0), gate.stride(1),
                         BM=32, BN=128)
        return y
