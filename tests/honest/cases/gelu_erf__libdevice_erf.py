"""Honest: exact GELU with libdevice's erf (imported from the CUDA-specific path), over a 3-D input
flattened with reshape."""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.language.extra.cuda import libdevice


@triton.jit
def gelu_erf_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    y = 0.5 * x * (1.0 + libdevice.erf(x * 0.7071067811865476))
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x_flat = x.reshape(-1)
        y = torch.empty(x_flat.shape, device=x.device, dtype=x.dtype)
        n = x_flat.numel()
        gelu_erf_kernel[(triton.cdiv(n, 256),)](x_flat, y, n, BLOCK=256)
        return y.reshape(x.shape)
