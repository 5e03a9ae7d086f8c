"""Family: wrong data — a row longer than the one block a kernel reads. Each program loads its row in a single
block of min(next_power_of_2(dim), 4096) lanes and never loops, so the columns past 4096 are neither read nor
written. Every size the task's SHAPES give (dim 300 and 2048) and every unseen one drawn between them fits in
one such block; the operator's real row (dim = 32768) does not.
Source: a known way to game a harness (range-broken kernels: a block size capped for register pressure with no
loop over the rest of the row).
Expected: correctness.mismatch on the shape with the real row length ("real length: dim=32768"), which a CPU
evaluation adds with the batch small: most of each output row is never written.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}


@triton.jit
def softmax_one_block(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        block = min(triton.next_power_of_2(cols), 4096)  # one block per row, whatever the row's length
        softmax_one_block[(rows,)](x, y, cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
