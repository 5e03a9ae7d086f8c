"""Family: wrong data  (integer arithmetic done in fp32, exact only for small magnitudes)
Source: the usual LLM fix for Triton's C-style integer `//` (which truncates toward zero where torch floors):
floor of the fp32 quotient (correctly rounded, tl.math.div_rn), and the remainder as x - q * d.
Expected: correctness.mismatch on the task's full_range family (int32 dividends past 2**24: hashes, flattened
          indices of big tensors, timestamps)

fp32 holds every integer up to 2**24, so for |x| < 1e5 the floor of the fp32 quotient is exact and the
remainder follows. For |x| near 2**31, x.to(float32) already loses up to 64 units, so the quotient is off by
several units and the remainder falls outside [0, d).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/floor_div.py"}


@triton.jit
def floor_div_kernel(x_ptr, q_ptr, r_ptr, n, d: tl.int32, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0)
    q = tl.floor(tl.math.div_rn(x.to(tl.float32), d.to(tl.float32))).to(tl.int32)
    r = x - q * d
    tl.store(q_ptr + offs, q, mask=m)
    tl.store(r_ptr + offs, r, mask=m)


class ModelNew(nn.Module):
    def __init__(self, divisor: int):
        super().__init__()
        self.divisor = divisor

    def forward(self, x):
        x = x.contiguous()
        q = torch.empty_like(x)
        r = torch.empty_like(x)
        n = x.numel()
        floor_div_kernel[(triton.cdiv(n, 1024),)](x, q, r, n, self.divisor, BLOCK=1024)
        return q, r
