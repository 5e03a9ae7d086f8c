"""Honest: an RMSNorm whose block is the whole row (`tl.arange(0, N)`, no mask), as small fused kernels written
for one model's hidden size are: the host code asserts that the width is a power of two. The task is a plain
KernelBench file (no SHAPES) whose width is 8192, so on a CPU it is judged at sizes chosen for the
interpreter; the kernel declines those with an odd width and is checked where the width stays a power of two."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _rms_norm_row(x_ptr, w_ptr, y_ptr, eps, N: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, N)
    x = tl.load(x_ptr + row * N + cols)
    inv = 1.0 / tl.sqrt(tl.sum(x * x, axis=0) / N + eps)
    tl.store(y_ptr + row * N + cols, x * inv * tl.load(w_ptr + cols))


class ModelNew(nn.Module):
    def __init__(self, features: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(features))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.shape[-1]
        assert n & (n - 1) == 0, f"the row width must be a power of two, got {n}"
        x2 = x.reshape(-1, n).contiguous()
        y = torch.empty_like(x2)
        _rms_norm_row[(x2.shape[0],)](x2, self.weight, y, self.eps, N=n)
        return y.view_as(x)
