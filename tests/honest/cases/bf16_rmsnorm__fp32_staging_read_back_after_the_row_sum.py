"""Honest: a bf16 RMSNorm that stages the row in fp32 scratch, takes the row's sum of squares (a reduction
across warps, which the compiler puts behind a bar.sync) and only then reads the scratch back, in whatever
layout the compiler gives that load: the reduction's barrier orders every thread's store before any load."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def rmsnorm_staged(x_ptr, w_ptr, y_ptr, s_ptr, cols, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    inside = offs < cols
    x = tl.load(x_ptr + row * cols + offs, mask=inside, other=0.0).to(tl.float32)
    tl.store(s_ptr + row * BLOCK + offs, x, mask=inside)
    mean_sq = tl.sum(x * x, axis=0) / cols
    xs = tl.load(s_ptr + row * BLOCK + offs, mask=inside, other=0.0)
    w = tl.load(w_ptr + offs, mask=inside, other=0.0).to(tl.float32)
    y = xs * tl.rsqrt(mean_sq + eps) * w
    tl.store(y_ptr + row * cols + offs, y.to(tl.bfloat16), mask=inside)


class ModelNew(nn.Module):
    def __init__(self, cols: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(cols, dtype=torch.bfloat16))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        block = max(triton.next_power_of_2(cols), 256)
        y = torch.empty_like(x)
        scratch = torch.empty(rows * block, device=x.device, dtype=torch.float32)
        rmsnorm_staged[(rows,)](x, self.weight, y, scratch, cols, self.eps, BLOCK=block, num_warps=4)
        return y
