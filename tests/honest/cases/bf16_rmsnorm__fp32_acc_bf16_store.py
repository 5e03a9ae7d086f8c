"""Honest: RMSNorm on bf16: the row and the bf16 weight loaded and widened with .to(tl.float32), the sum of
squares accumulated in fp32 over blocks, the result narrowed with .to(tl.bfloat16) before the store; the
output made with torch.empty_like(x, dtype=torch.bfloat16)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def rmsnorm_bf16_kernel(x_ptr, w_ptr, y_ptr, n_cols, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    x_row = x_ptr + row * n_cols
    y_row = y_ptr + row * n_cols
    sq = tl.zeros((BLOCK,), dtype=tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        x = tl.load(x_row + cols, mask=cols < n_cols, other=0.0).to(tl.float32)
        sq += x * x
    rstd = tl.rsqrt(tl.sum(sq, axis=0) / n_cols + eps)
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        mask = cols < n_cols
        x = tl.load(x_row + cols, mask=mask, other=0.0).to(tl.float32)
        w = tl.load(w_ptr + cols, mask=mask, other=0.0).to(tl.float32)
        tl.store(y_row + cols, (x * rstd * w).to(tl.bfloat16), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, cols: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(cols, dtype=torch.bfloat16))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x, dtype=torch.bfloat16)
        rmsnorm_bf16_kernel[(rows,)](x, self.weight, y, cols, self.eps, BLOCK=min(1024, triton.next_power_of_2(cols)))
        return y
