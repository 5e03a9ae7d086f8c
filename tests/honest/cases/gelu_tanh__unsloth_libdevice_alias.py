"""Honest: GELU (tanh) in the Unsloth style: the libdevice function bound to a module-level name
(`triton_tanh = libdevice.tanh`) and called by that name in the kernel, a constexpr parameter with a
default, and a grid given as a named function of the launch metadata."""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.language.extra import libdevice

triton_tanh = libdevice.tanh


@triton.jit
def _gelu_tanh_forward_kernel(x_ptr, y_ptr, n_elements, BLOCK_SIZE: tl.constexpr = 1024):
    block_idx = tl.program_id(0)
    offsets = block_idx * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask, other=0)
    s = 0.7978845608028654  # math.sqrt(2 / math.pi)
    y = 0.5 * x * (triton_tanh(s * x * (1.0 + 0.044715 * x * x)) + 1.0)
    tl.store(y_ptr + offsets, y, mask=mask)


def gelu_forward(x):
    n_elements = x.numel()
    y = torch.empty(x.shape, dtype=x.dtype, device=x.device)

    def grid(meta):
        return (triton.cdiv(n_elements, meta["BLOCK_SIZE"]),)

    _gelu_tanh_forward_kernel[grid](x, y, n_elements)
    return y


class ModelNew(nn.Module):
    def forward(self, x):
        if not x.is_contiguous():
            x = x.contiguous()
        return gelu_forward(x)
