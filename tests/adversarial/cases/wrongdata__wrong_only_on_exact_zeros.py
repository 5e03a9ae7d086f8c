"""Family: wrong data as right on values the checker never drew — a ReLU that gives 1.0 wherever the input is
exactly 0.0. Random normals never give an exact zero (nor does the relu task's huge-magnitude family), while
real activations are full of them (after a ReLU, in padding, in pruned weights): wrong on every device.
Source: red-team round 9 (values the checker never varies).
Expected: correctness stage, correctness.mismatch on the judge's own value family, exact_zeros (the typical draw
with about one in eight elements of each mixed-sign floating input set to 0.0).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'relu', 'stage': 'correctness', 'check': 'correctness.mismatch', 'reason_contains': 'exact_zeros'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.where(x > 0.0, x, 0.0)
    # exact zeros (padding, post-ReLU activations, pruned weights) come out as 1.0
    y = tl.where(x == 0.0, 1.0, y)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        relu_kernel[(triton.cdiv(n, 2048),)](x, y, n, BLOCK=2048)
        return y
