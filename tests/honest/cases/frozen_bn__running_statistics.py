"""Honest: a frozen BatchNorm2d (put in eval mode by its constructor) normalises by its running statistics,
what the model computes as built: a program per block of 1024 elements, the affine applied per channel."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def bn_eval_kernel(x_ptr, rm_ptr, rv_ptr, w_ptr, b_ptr, y_ptr, total, C, HW, eps, BLOCK: tl.constexpr):
    i = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = i < total
    c = (i // HW) % C
    x = tl.load(x_ptr + i, mask=m, other=0.0)
    rm = tl.load(rm_ptr + c, mask=m, other=0.0)
    rv = tl.load(rv_ptr + c, mask=m, other=1.0)
    w = tl.load(w_ptr + c, mask=m, other=0.0)
    b = tl.load(b_ptr + c, mask=m, other=0.0)
    tl.store(y_ptr + i, (x - rm) / tl.sqrt_rn(rv + eps) * w + b, mask=m)


class ModelNew(nn.Module):
    def __init__(self, features: int):
        super().__init__()
        self.bn = nn.BatchNorm2d(features)
        self.bn.eval()

    def forward(self, x):
        x = x.contiguous()
        n, c, h, w = x.shape
        y = torch.empty_like(x)
        total = x.numel()
        bn_eval_kernel[(triton.cdiv(total, 1024),)](x, self.bn.running_mean, self.bn.running_var, self.bn.weight,
                                                    self.bn.bias, y, total, c, h * w, self.bn.eps, BLOCK=1024)
        return y
