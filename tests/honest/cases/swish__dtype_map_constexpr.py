"""Honest: swish whose output element type is a constexpr looked up in a module-level dict from torch dtypes
to Triton dtypes (the way wrappers pass OUT_DTYPE), the computation in fp32 with tl.sigmoid."""

import torch
import torch.nn as nn
import triton
import triton.language as tl

TORCH_TO_TRITON_DTYPE = {torch.float32: tl.float32, torch.float16: tl.float16, torch.bfloat16: tl.bfloat16}


@triton.jit
def swish_kernel(x_ptr, y_ptr, n_elements, OUT_DTYPE: tl.constexpr, BLOCK_SIZE: tl.constexpr):
    offs = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offs < n_elements
    x = tl.load(x_ptr + offs, mask=mask, other=0.0).to(tl.float32)
    y = x * tl.sigmoid(x)
    tl.store(y_ptr + offs, y.to(OUT_DTYPE), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        swish_kernel[(triton.cdiv(n, 1024),)](x, y, n, OUT_DTYPE=TORCH_TO_TRITON_DTYPE[x.dtype], BLOCK_SIZE=1024)
        return y
