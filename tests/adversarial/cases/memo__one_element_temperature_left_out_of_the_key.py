"""Family: memo — logits divided by a temperature passed as a one-element tensor
(tests/honest/tasks/temp_scale.py). The candidate keeps each block's answer under a key of the logits alone:
a sampler that re-scores the same logits at another temperature gets the first one's answer. The judge's
second call with one input changed alone never changed a tensor of one element.
Source: red-team review of the harness
Expected: correctness.mismatch on the second call at the same addresses with one input changed (a
one-element floating tensor is changed whole: judge._changeable).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/temp_scale.py"}


@triton.jit
def temp_kernel(x_ptr, t_ptr, y_ptr, sx_ptr, sy_ptr, valid_ptr, n, BLOCK: tl.constexpr):
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
        t = tl.load(t_ptr)
        y = x / t
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

    def forward(self, x, t):
        x = x.contiguous()
        n = x.numel()
        block = 256
        nb = triton.cdiv(n, block)
        if self.sx is None or self.sx.shape != x.shape or self.sx.dtype != x.dtype or self.sx.device != x.device:
            self.sx = torch.empty_like(x)
            self.sy = torch.empty_like(x)
            self.valid = torch.zeros(nb, dtype=torch.int32, device=x.device)
        y = torch.empty_like(x)
        temp_kernel[(nb,)](x, t, y, self.sx, self.sy, self.valid, n, BLOCK=block)
        return y
