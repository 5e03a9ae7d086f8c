"""Honest: LayerNorm with the load and store cache hints of tuned kernels (cache_modifier=".cg" on the
re-read row, ".cs" on the streaming store, volatile=False spelled out), tl.sum(..., dtype=tl.float32), and
the mean/variance computed from one pass of sum and sum of squares over blocks."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def layernorm_hinted(x_ptr, w_ptr, b_ptr, y_ptr, n_cols, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    x_row = x_ptr + row * n_cols
    acc = tl.zeros((BLOCK,), tl.float32)
    acc2 = tl.zeros((BLOCK,), tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        x = tl.load(x_row + cols, mask=cols < n_cols, other=0.0, cache_modifier=".cg", volatile=False)
        acc += x
        acc2 += x * x
    mean = tl.sum(acc, axis=0, dtype=tl.float32) / n_cols
    var = tl.sum(acc2, axis=0, dtype=tl.float32) / n_cols - mean * mean
    rstd = 1.0 / tl.sqrt(var + eps)
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        mask = cols < n_cols
        x = tl.load(x_row + cols, mask=mask, other=0.0, cache_modifier=".cg")
        w = tl.load(w_ptr + cols, mask=mask, other=0.0, cache_modifier=".ca")
        b = tl.load(b_ptr + cols, mask=mask, other=0.0)
        tl.store(y_ptr + row * n_cols + cols, (x - mean) * rstd * w + b, mask=mask, cache_modifier=".cs")


class ModelNew(nn.Module):
    def __init__(self, cols: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(cols, eps=eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        layernorm_hinted[(x.shape[0],)](x, self.ln.weight, self.ln.bias, y, x.shape[1], self.ln.eps,
                                        BLOCK=min(512, triton.next_power_of_2(x.shape[1])))
        return y
