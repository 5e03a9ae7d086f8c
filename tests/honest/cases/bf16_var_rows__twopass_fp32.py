"""Honest: Row variance (unbiased) of a bf16 matrix: a program per row, two passes over it in fp32 (the mean, then the
sum of squared deviations), the result rounded to bf16 once."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def row_var_kernel(x_ptr, y_ptr, D, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    acc = tl.zeros((BLOCK,), tl.float32)
    for d0 in range(0, D, BLOCK):
        c = d0 + tl.arange(0, BLOCK)
        acc += tl.load(x_ptr + row * stride + c, mask=c < D, other=0.0).to(tl.float32)
    mean = tl.sum(acc, axis=0) / D
    acc2 = tl.zeros((BLOCK,), tl.float32)
    for d0 in range(0, D, BLOCK):
        c = d0 + tl.arange(0, BLOCK)
        v = tl.load(x_ptr + row * stride + c, mask=c < D, other=0.0).to(tl.float32)
        d = tl.where(c < D, v - mean, 0.0)
        acc2 += d * d
    var = tl.sum(acc2, axis=0) / (D - 1)
    tl.store(y_ptr + row, var.to(tl.bfloat16))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        B, D = x.shape
        y = torch.empty((B, 1), device=x.device, dtype=x.dtype)
        row_var_kernel[(B,)](x, y, D, x.stride(0), BLOCK=256)
        return y
