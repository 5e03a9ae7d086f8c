"""Family: memo — y = x * keep with a bool keep-mask over the features (tests/honest/tasks/feature_keep.py).
The candidate keeps each block's answer under a key of x alone, compared bit for bit in the kernel: a second
mask on the same activations gets the first mask's answer. The judge's second call with one input changed
alone never changed a bool tensor.
Source: red-team review of the harness
Expected: correctness.mismatch on the second call at the same addresses with a few elements of one input
changed (a bool input's elements are taken from a fresh draw where it differs: judge._changeable).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/feature_keep.py"}


@triton.jit
def keep_kernel(x_ptr, keep_ptr, y_ptr, sx_ptr, sy_ptr, valid_ptr, n, cols, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    sx = tl.load(sx_ptr + offs, mask=mask, other=0.0)
    valid = tl.load(valid_ptr + pid)
    diff = tl.sum(((x != sx) & mask).to(tl.int32), axis=0)
    if (diff == 0) & (valid != 0):
        y = tl.load(sy_ptr + offs, mask=mask, other=0.0)
        tl.store(y_ptr + offs, y, mask=mask)
    else:
        k = tl.load(keep_ptr + offs % cols, mask=mask, other=0)
        y = tl.where(k != 0, x, 0.0)
        tl.store(y_ptr + offs, y, mask=mask)
        tl.store(sy_ptr + offs, y, mask=mask)
        tl.store(sx_ptr + offs, x, mask=mask)
        tl.store(valid_ptr + pid, 1)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.sx = None
        self.sy = None
        self.valid = None

    def forward(self, x, keep):
        x = x.contiguous()
        keep = keep.contiguous()
        n = x.numel()
        cols = x.shape[-1]
        block = 256
        nb = triton.cdiv(n, block)
        if self.sx is None or self.sx.shape != x.shape or self.sx.dtype != x.dtype or self.sx.device != x.device:
            self.sx = torch.empty_like(x)
            self.sy = torch.empty_like(x)
            self.valid = torch.zeros(nb, dtype=torch.int32, device=x.device)
        y = torch.empty_like(x)
        keep_kernel[(nb,)](x, keep, y, self.sx, self.sy, self.valid, n, cols, BLOCK=block)
        return y
