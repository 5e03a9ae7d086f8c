"""Honest: the first difference through a host `TensorDescriptor` (TMA on sm_90): each program loads its block
and the block one element further on (`desc.load([start + 1])`); a TMA block may start at any element, and
what runs past the end is filled with zeros, which the store's mask leaves out."""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.tools.tensor_descriptor import TensorDescriptor


@triton.jit
def diff_desc_kernel(x_desc, y_ptr, n_out, BLOCK: tl.constexpr):
    start = tl.program_id(0) * BLOCK
    here = x_desc.load([start])
    after = x_desc.load([start + 1])
    offs = start + tl.arange(0, BLOCK)
    tl.store(y_ptr + offs, after - here, mask=offs < n_out)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_out = x.numel() - 1
        y = torch.empty(n_out, device=x.device, dtype=x.dtype)
        block = 512
        desc = TensorDescriptor.from_tensor(x, block_shape=[block])
        diff_desc_kernel[(triton.cdiv(n_out, block),)](desc, y, n_out, BLOCK=block)
        return y
