"""Honest: tanh scaled by a residual gain that get_inputs computes with numpy, passed to the kernel as a runtime float."""
import torch
import torch.nn as nn
import triton
import triton.language as tl



@triton.jit
def gain_tanh_kernel(x_ptr, y_ptr, n, gain, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    t = 2.0 * tl.sigmoid(2.0 * x) - 1.0
    tl.store(y_ptr + offs, t * gain, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, gain: float):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        gain_tanh_kernel[(triton.cdiv(n, 256),)](x, y, n, float(gain), BLOCK=256)
        return y
