import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def jacobi5_kernel(u_ptr, f_ptr, o_ptr, n, h2: tl.float64, BI: tl.constexpr, BJ: tl.constexpr):
    # h2 is annotated: an unannotated Python float reaches a compiled kernel as fp32, and h^2 rounded to
    # fp32 puts a 1e-8 relative error into every interior point of an fp64 sweep
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
    new = 0.25 * (up + dn + lf + rt + h2 * f)
    tl.store(o_ptr + c, tl.where(interior, new, u), mask=inb)


class ModelNew(nn.Module):
    def __init__(self, h: float):
        super().__init__()
        self.h2 = h * h

    def forward(self, u: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
        u = u.contiguous()
        f = f.contiguous()
        n = u.shape[0]
        out = torch.empty_like(u)
        BI, BJ = 16, 64
        jacobi5_kernel[(triton.cdiv(n, BI), triton.cdiv(n, BJ))](u, f, out, n, self.h2, BI=BI, BJ=BJ)
        return out
