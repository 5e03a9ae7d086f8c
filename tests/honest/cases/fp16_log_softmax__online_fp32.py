"""Honest: log_softmax of fp16 rows: a program per row, an online max/sum-of-exponentials pass in fp32, then a pass
writing x - max - log(sum) rounded to fp16."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def log_softmax_kernel(x_ptr, y_ptr, D, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    m = tl.full((BLOCK,), float("-inf"), tl.float32)
    s = tl.zeros((BLOCK,), tl.float32)
    for d0 in range(0, D, BLOCK):
        c = d0 + tl.arange(0, BLOCK)
        v = tl.load(x_ptr + row * D + c, mask=c < D, other=float("-inf")).to(tl.float32)
        new_m = tl.maximum(m, v)
        safe = tl.where(new_m == float("-inf"), 0.0, new_m)
        s = s * tl.exp(m - safe) + tl.exp(v - safe)
        m = new_m
    mx = tl.max(m, axis=0)
    total = tl.sum(s * tl.exp(m - mx), axis=0)
    lse = mx + tl.log(total)
    for d0 in range(0, D, BLOCK):
        c = d0 + tl.arange(0, BLOCK)
        v = tl.load(x_ptr + row * D + c, mask=c < D, other=0.0).to(tl.float32)
        tl.store(y_ptr + row * D + c, (v - lse).to(tl.float16), mask=c < D)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        B, D = x.shape
        y = torch.empty_like(x)
        log_softmax_kernel[(B,)](x, y, D, BLOCK=256)
        return y
