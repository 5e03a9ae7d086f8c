"""Honest: Jacobi sweep, Triton 2-D tiled stencil in the tutorial style, with the usual early return for a
degenerate size (no interior: the result is the clone, nothing to launch); output starts as u.clone() (keeps the boundary) and a 2-D tiled kernel rewrites the
interior through interior views' strides (u[1:-1, 1:-1] views passed to the kernel)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _jacobi_interior(u_ptr, f_ptr, out_ptr, n_int, stride_u, stride_f, stride_o, h2: tl.float64,
                     BLOCK_I: tl.constexpr, BLOCK_J: tl.constexpr):
    pid_i = tl.program_id(0)
    pid_j = tl.program_id(1)
    i = pid_i * BLOCK_I + tl.arange(0, BLOCK_I)
    j = pid_j * BLOCK_J + tl.arange(0, BLOCK_J)
    mask = (i[:, None] < n_int) & (j[None, :] < n_int)
    # u_ptr points at u[1, 1]: neighbours are +-1 row / column
    base = u_ptr + i[:, None] * stride_u + j[None, :]
    up = tl.load(base - stride_u, mask=mask, other=0.0)
    down = tl.load(base + stride_u, mask=mask, other=0.0)
    left = tl.load(base - 1, mask=mask, other=0.0)
    right = tl.load(base + 1, mask=mask, other=0.0)
    f = tl.load(f_ptr + i[:, None] * stride_f + j[None, :], mask=mask, other=0.0)
    new = 0.25 * (up + down + left + right + h2 * f)
    tl.store(out_ptr + i[:, None] * stride_o + j[None, :], new, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, h: float):
        super().__init__()
        self.h2 = h * h

    def forward(self, u: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
        u = u.contiguous()
        f = f.contiguous()
        out = u.clone()
        n = u.shape[0]
        if n <= 2:
            return out
        u_in, f_in, o_in = u[1:-1, 1:-1], f[1:-1, 1:-1], out[1:-1, 1:-1]
        n_int = n - 2
        BI, BJ = 16, 32
        grid = (triton.cdiv(n_int, BI), triton.cdiv(n_int, BJ))
        _jacobi_interior[grid](u_in, f_in, o_in, n_int, u_in.stride(0), f_in.stride(0), o_in.stride(0), self.h2,
                               BLOCK_I=BI, BLOCK_J=BJ)
        return out
