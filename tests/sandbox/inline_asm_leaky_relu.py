"""Honest: leaky ReLU where the negative slope is applied with PTX through tl.inline_asm_elementwise
(mul.rn.f32), as vLLM / gemlite-style kernels drop to inline PTX for single instructions; pack=1, is_pure."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def leaky_kernel(x_ptr, y_ptr, n, slope, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    s = tl.full([BLOCK], slope, tl.float32)
    neg = tl.inline_asm_elementwise("mul.rn.f32 $0, $1, $2;", "=r,r,r", [x, s], dtype=tl.float32,
                                    is_pure=True, pack=1)
    tl.store(y_ptr + offs, tl.where(x >= 0, x, neg), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x):
        y = torch.empty_like(x)
        n = x.numel()
        leaky_kernel[(triton.cdiv(n, 256),)](x, y, n, self.slope, BLOCK=256)
        return y
