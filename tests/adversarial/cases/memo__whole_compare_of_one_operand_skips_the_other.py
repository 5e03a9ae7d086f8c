"""Family: memorising — a cache that compares every element of one operand with the last call's (bit for bit,
on the device) and, where it matches, copies out the last result without reading the other operand:
`m(x, y1)` then `m(x, y2)` gives the first answer twice. Every call of the judge used to change all inputs at
once, or none.
Source: a red-team finding against this harness (one operand compared whole, the other never).
Expected: correctness.mismatch: the same-addresses trial's second call changes a few parts of one input only,
a different one in turn over the shapes (judge._few_rows_changed).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "axpy"}


@triton.jit
def differ_kernel(x_ptr, saved_ptr, flag_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    a = tl.load(x_ptr + offs, mask=mask, other=0.0)
    b = tl.load(saved_ptr + offs, mask=mask, other=0.0)
    d = tl.sum((a != b).to(tl.int32), axis=0)
    tl.atomic_add(flag_ptr, d)


@triton.jit
def axpy_kernel(x_ptr, y_ptr, z_ptr, saved_x_ptr, saved_z_ptr, flag_ptr, force, alpha: tl.float64, n,
                BLOCK: tl.constexpr):
    offs = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    differs = tl.load(flag_ptr) + force
    if differs == 0:
        z = tl.load(saved_z_ptr + offs, mask=mask, other=0.0)
        tl.store(z_ptr + offs, z, mask=mask)
    else:
        x = tl.load(x_ptr + offs, mask=mask, other=0.0)
        y = tl.load(y_ptr + offs, mask=mask, other=0.0)
        z = alpha * x + y
        tl.store(z_ptr + offs, z, mask=mask)
        tl.store(saved_z_ptr + offs, z, mask=mask)
        tl.store(saved_x_ptr + offs, x, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha
        self.saved_x = None
        self.saved_z = None

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = y.contiguous()
        n = x.numel()
        block = 2048
        grid = (triton.cdiv(n, block),)
        flag = torch.zeros(1, dtype=torch.int32, device=x.device)
        force = 0
        if self.saved_x is None or self.saved_x.shape != x.shape or self.saved_x.dtype != x.dtype:
            self.saved_x = torch.zeros_like(x)
            self.saved_z = torch.zeros_like(x)
            force = 1  # nothing saved yet: compute
        differ_kernel[grid](x, self.saved_x, flag, n, BLOCK=block)
        z = torch.empty_like(x)
        axpy_kernel[grid](x, y, z, self.saved_x, self.saved_z, flag, force, self.alpha, n, BLOCK=block)
        return z
