"""Honest: mean over the sequence axis with one program per (batch, block of features), the sequence walked
by a plain `range` loop whose variable is widened to int64 for the address (`s.to(tl.int64) * dim`), and the
sum kept in fp32. The loop variable is an int32 tensor in compiled Triton; the interpreter made it a Python
int, which has no `.to`."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def seq_mean_kernel(x_ptr, y_ptr, seq, dim, BLOCK_D: tl.constexpr):
    b = tl.program_id(0).to(tl.int64)
    offs_d = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    mask = offs_d < dim
    base = x_ptr + b * seq * dim
    acc = tl.zeros([BLOCK_D], tl.float32)
    for s in range(0, seq):
        acc += tl.load(base + s.to(tl.int64) * dim + offs_d, mask=mask, other=0.0)
    tl.store(y_ptr + b * dim + offs_d, acc / seq, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        batch, seq, dim = x.shape
        y = torch.empty((batch, dim), device=x.device, dtype=x.dtype)
        seq_mean_kernel[(batch, triton.cdiv(dim, 64))](x, y, seq, dim, BLOCK_D=64)
        return y
