"""Family: a Python float kernel argument in an fp64 kernel. A compiled Triton launch passes an unannotated
float as fp32, so h^2 = 1/36^2 is rounded to 24 bits and every interior point of this fp64 Jacobi sweep is
off by about 1e-8 relative, far outside fp64 tolerance. The Triton interpreter kept the Python float at fp64,
so the same kernel passed on the CPU; the judge now rounds the argument as the launcher would
(sandbox/compat.floats_launched_as_compiled), so the CPU verdict is the GPU's.
Source: kernelpilot's own jacobi2d reference solution, which passed on the CPU and failed on an H200 (fixed
with `h2: tl.float64`).
Expected: correctness stage, correctness.mismatch, with digits enough to see the two values differ.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'jacobi2d', 'reason_contains': 'max abs error'}


@triton.jit
def jacobi_kernel(u_ptr, f_ptr, o_ptr, n, h2, BI: tl.constexpr, BJ: tl.constexpr):
    i = tl.program_id(0) * BI + tl.arange(0, BI)
    j = tl.program_id(1) * BJ + tl.arange(0, BJ)
    inb = (i[:, None] < n) & (j[None, :] < n)
    inner = inb & (i[:, None] > 0) & (i[:, None] < n - 1) & (j[None, :] > 0) & (j[None, :] < n - 1)
    c = i[:, None].to(tl.int64) * n + j[None, :]
    u = tl.load(u_ptr + c, mask=inb, other=0.0)
    s = (tl.load(u_ptr + c - n, mask=inner, other=0.0) + tl.load(u_ptr + c + n, mask=inner, other=0.0)
         + tl.load(u_ptr + c - 1, mask=inner, other=0.0) + tl.load(u_ptr + c + 1, mask=inner, other=0.0))
    f = tl.load(f_ptr + c, mask=inner, other=0.0)
    tl.store(o_ptr + c, tl.where(inner, 0.25 * (s + h2 * f), u), mask=inb)


class ModelNew(nn.Module):
    def __init__(self, h: float):
        super().__init__()
        self.h2 = h * h

    def forward(self, u: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
        u, f = u.contiguous(), f.contiguous()
        n = u.shape[0]
        out = torch.empty_like(u)
        jacobi_kernel[(triton.cdiv(n, 16), triton.cdiv(n, 64))](u, f, out, n, self.h2, BI=16, BJ=64)
        return out
