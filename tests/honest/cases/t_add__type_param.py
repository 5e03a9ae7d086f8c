"""A helper with a parameter named `type` (the op kind), as some public launchers have."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def binary_kernel(a_ptr, b_ptr, o_ptr, n, OP: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    a = tl.load(a_ptr + offs, mask=m)
    b = tl.load(b_ptr + offs, mask=m)
    if OP == "add":
        r = a + b
    else:
        r = a * b
    tl.store(o_ptr + offs, r, mask=m)


def binary(a, b, type="add"):
    out = torch.empty_like(a)
    n = a.numel()
    binary_kernel[(triton.cdiv(n, 256),)](a, b, out, n, OP=type, BLOCK=256)
    return out


class ModelNew(nn.Module):
    def forward(self, a, b):
        return binary(a.contiguous(), b.contiguous(), type="add")
