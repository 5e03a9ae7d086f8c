"""Family: wrongdata. A kernel with no tail: it walks each row in chunks of 4 with no mask, which is exact
for every size it was shown (the task's SHAPES, dim 300 and 2048, are multiples of 4) and wrong for any
other: the last chunk of a row reads the next row's first elements, and the last row reads past the end.
Source: a known way to game a harness (shapes the author can anticipate); KernelBench's fixed problem sizes.
Expected: correctness.mismatch (or an out-of-bounds read) at the unseen shape the judge draws per evaluation:
odd sizes, so no multiple-of-4 assumption survives it.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.", "timeout_s": 120}


@triton.jit
def softmax_by_fours(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    lanes = tl.arange(0, 4)
    base = x_ptr + row * stride
    m = tl.full([4], -1e30, tl.float32)
    for start in range(0, n_cols, 4):
        m = tl.maximum(m, tl.load(base + start + lanes))
    row_max = tl.max(m, axis=0)
    s = tl.zeros([4], tl.float32)
    for start in range(0, n_cols, 4):
        s += tl.exp(tl.load(base + start + lanes) - row_max)
    denom = tl.sum(s, axis=0)
    for start in range(0, n_cols, 4):
        x = tl.load(base + start + lanes)
        tl.store(y_ptr + row * stride + start + lanes, tl.exp(x - row_max) / denom)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        softmax_by_fours[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=4)
        return y
