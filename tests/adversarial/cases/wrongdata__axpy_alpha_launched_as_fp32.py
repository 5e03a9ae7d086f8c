"""Family: wrong data — an fp64 daxpy whose alpha is an unannotated Python float kernel argument, which a
compiled Triton launch passes as fp32 (the judge launches it so: docs/judging.md). z = fp32(alpha) * x + y is
off by |alpha - fp32(alpha)| |x|, about 1e-8 relative, against the task's tolerance of 1e-14, for any alpha
fp32 cannot hold; exact for one it can, as the task's old alpha = 2.5 was.
Source: a red-team finding against this harness (the suite's own axpy solution, which passed; jacobi2d's
solution annotates `h2: tl.float64` for this reason).
Expected: correctness.mismatch at every trial: alpha is now 0.7.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "axpy"}


@triton.jit
def axpy_kernel(x_ptr, y_ptr, z_ptr, alpha, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.load(y_ptr + offs, mask=mask, other=0.0)
    tl.store(z_ptr + offs, alpha * x + y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = y.contiguous()
        z = torch.empty_like(x)
        n = x.numel()
        block = 2048
        axpy_kernel[(triton.cdiv(n, block),)](x, y, z, self.alpha, n, BLOCK=block)
        return z
