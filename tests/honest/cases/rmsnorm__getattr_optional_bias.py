"""Honest: a norm launcher that reads an optional bias with `getattr(module, "bias", None)` and passes a
`HAS_BIAS` constexpr (the optional-parameter pattern of fused-norm wrappers such as flash-attn's
layer_norm and Liger's)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def rmsnorm_kernel(x_ptr, w_ptr, b_ptr, y_ptr, N, stride, eps, HAS_BIAS: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    acc = tl.zeros((BLOCK,), tl.float32)
    for s in range(0, N, BLOCK):
        offs = s + tl.arange(0, BLOCK)
        x = tl.load(x_ptr + row * stride + offs, mask=offs < N, other=0.0)
        acc += x * x
    rstd = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / N + eps)
    for s in range(0, N, BLOCK):
        offs = s + tl.arange(0, BLOCK)
        m = offs < N
        x = tl.load(x_ptr + row * stride + offs, mask=m, other=0.0)
        y = x * rstd * tl.load(w_ptr + offs, mask=m, other=0.0)
        if HAS_BIAS:
            y += tl.load(b_ptr + offs, mask=m, other=0.0)
        tl.store(y_ptr + row * stride + offs, y, mask=m)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, x):
        x = x.contiguous()
        M, N = x.shape
        y = torch.empty_like(x)
        bias = getattr(self, "bias", None)
        rmsnorm_kernel[(M,)](x, self.weight, bias, y, N, x.stride(0), self.eps, HAS_BIAS=bias is not None,
                             BLOCK=min(1024, triton.next_power_of_2(N)))
        return y
