"""Honest: Swish with the host checks FlagGems- and Liger-style wrappers make before a launch:
`assert x.is_cuda, ...` (the input must be a CUDA tensor), the output allocated on the input's device and
checked to be there (`assert y.device == x.device`), elementwise over the flattened tensor."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def swish_kernel(x_ptr, y_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    y = x * tl.sigmoid(x)
    tl.store(y_ptr + offsets, y, mask=mask)


def swish(x: torch.Tensor) -> torch.Tensor:
    assert x.is_cuda, "swish: the input must be a CUDA tensor"
    assert x.is_contiguous(), "swish: the input must be contiguous"
    y = torch.empty(x.shape, dtype=x.dtype, device=x.device)
    assert y.device == x.device and y.is_cuda
    n = x.numel()
    BLOCK_SIZE = 1024
    swish_kernel[(triton.cdiv(n, BLOCK_SIZE),)](x, y, n, BLOCK_SIZE=BLOCK_SIZE)
    return y


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return swish(x.contiguous())
