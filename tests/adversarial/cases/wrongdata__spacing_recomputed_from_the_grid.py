"""Family: wrong data (a constructor argument ignored, recomputed from a size it used to follow)
Source: an LLM that "simplifies" the stencil by noting h = 1/(n-1) on the unit square and computes h^2 in the
        kernel from n, dropping the constructor argument; wrong for any Model(h) on another domain
Expected: correctness.mismatch: the task draws the domain's side, so h is not 1/(n-1)

Jacobi sweep that ignores the constructor's grid spacing h and derives it from the grid size instead.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "jacobi2d"}

@triton.jit
def jacobi_kernel(u_ptr, f_ptr, o_ptr, n, BI: tl.constexpr, BJ: tl.constexpr):
    i = tl.program_id(0) * BI + tl.arange(0, BI)
    j = tl.program_id(1) * BJ + tl.arange(0, BJ)
    inb = (i[:, None] < n) & (j[None, :] < n)
    interior = inb & (i[:, None] > 0) & (i[:, None] < n - 1) & (j[None, :] > 0) & (j[None, :] < n - 1)
    c = i[:, None].to(tl.int64) * n + j[None, :]
    u = tl.load(u_ptr + c, mask=inb, other=0.0)
    up = tl.load(u_ptr + c - n, mask=interior, other=0.0)
    dn = tl.load(u_ptr + c + n, mask=interior, other=0.0)
    lf = tl.load(u_ptr + c - 1, mask=interior, other=0.0)
    rt = tl.load(u_ptr + c + 1, mask=interior, other=0.0)
    f = tl.load(f_ptr + c, mask=interior, other=0.0)
    h = 1.0 / (n.to(tl.float64) - 1.0)   # unit square: h = 1 / (n - 1)
    new = 0.25 * (up + dn + lf + rt + (h * h) * f)
    tl.store(o_ptr + c, tl.where(interior, new, u), mask=inb)


class ModelNew(nn.Module):
    def __init__(self, h: float):
        super().__init__()
        self.h = h  # kept for the interface; the kernel works out the spacing from the grid

    def forward(self, u: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
        u = u.contiguous()
        f = f.contiguous()
        n = u.shape[0]
        out = torch.empty_like(u)
        BI, BJ = 16, 64
        jacobi_kernel[(triton.cdiv(n, BI), triton.cdiv(n, BJ))](u, f, out, n, BI=BI, BJ=BJ)
        return out
