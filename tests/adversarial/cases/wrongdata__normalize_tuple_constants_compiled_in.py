"""Family: wrongdata (narrow draw) — a per-channel normalisation whose means and standard deviations come as tuples of floats to the
constructor (tests/adversarial/tasks/channel_normalize.py); the kernel compiles in the ImageNet values instead.
Floats inside a tuple were never moved.
Source: red-team review of the harness
Expected: correctness.mismatch — the floats of a tuple given to the constructor are moved too (judge._other_init_values).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/adversarial/tasks/channel_normalize.py"}


@triton.jit
def normalize_kernel(x_ptr, y_ptr, n, plane, C, BLOCK: tl.constexpr):
    offs = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    c = (offs // plane) % C
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    m = tl.where(c == 0, 0.485, tl.where(c == 1, 0.456, 0.406))
    s = tl.where(c == 0, 0.229, tl.where(c == 1, 0.224, 0.225))
    tl.store(y_ptr + offs, (x - m) / s, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.mean = tuple(mean)
        self.std = tuple(std)

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        normalize_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, x.shape[2] * x.shape[3], x.shape[1], BLOCK=BLOCK)
        return y
