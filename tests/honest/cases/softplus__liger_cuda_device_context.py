"""Honest: Softplus in a Liger-Kernel-style autograd.Function whose launch sits inside
`with torch.cuda.device(x.device):` (Liger and vLLM launch on the input's GPU this way, which matters on a
machine with several), the stable form y = x above a threshold and log1p(exp(x)) below it."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _softplus_kernel(x_ptr, y_ptr, n_elements, THRESHOLD: tl.constexpr, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask, other=0.0)
    soft = tl.log(1.0 + tl.exp(tl.minimum(x, THRESHOLD)))
    y = tl.where(x > THRESHOLD, x, soft)
    tl.store(y_ptr + offsets, y, mask=mask)


class SoftplusFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK_SIZE = 1024
        with torch.cuda.device(x.device):
            _softplus_kernel[(triton.cdiv(n, BLOCK_SIZE),)](x, y, n, THRESHOLD=20.0, BLOCK_SIZE=BLOCK_SIZE)
        ctx.save_for_backward(x)
        return y


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return SoftplusFunction.apply(x)
