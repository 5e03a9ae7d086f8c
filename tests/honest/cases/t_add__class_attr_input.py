"""A launch-settings holder with class attributes, one named `input` (the operand order), read as self.cfg.input."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def add_kernel(a_ptr, b_ptr, o_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(o_ptr + offs, tl.load(a_ptr + offs, mask=m) + tl.load(b_ptr + offs, mask=m), mask=m)


class Settings:
    block = 256
    input = "contiguous"


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.cfg = Settings()

    def forward(self, a, b):
        if self.cfg.input == "contiguous":
            a = a.contiguous()
            b = b.contiguous()
        out = torch.empty_like(a)
        n = out.numel()
        add_kernel[(triton.cdiv(n, self.cfg.block),)](a, b, out, n, BLOCK=self.cfg.block)
        return out
