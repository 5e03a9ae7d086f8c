"""Family: wrongdata — SiLU(x + bias) that reads the bias as a full (batch, dim) row-major tensor. The task hands
it over expanded from one row (stride 0 along the batch: dim elements of memory), so on a GPU the kernel reads
(batch - 1) * dim elements past the bias's storage. It passed while inputs that are not dense reached the
candidate as fresh row-major copies, where the full tensor was there to read.
Source: red-team review of the harness.
Expected: rejected in correctness: the bias arrives as one row under stride 0, and the reads past it land in
the guard band or in other buffers (a mismatch, an out-of-bounds read or a race with the output's stores,
whichever the layout drawn for the first call shows first).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check_in": ["correctness.mismatch", "correctness.race", "correctness.out_of_bounds"],
          "task": "tests/honest/tasks/expanded_bias_silu.py"}


@triton.jit
def add_silu_flat(x_ptr, b_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    b = tl.load(b_ptr + offs, mask=mask, other=0.0)
    z = x + b
    tl.store(y_ptr + offs, z / (1.0 + tl.exp(-z)), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, bias):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        add_silu_flat[(triton.cdiv(n, 1024),)](x, bias, y, n, BLOCK=1024)
        return y
