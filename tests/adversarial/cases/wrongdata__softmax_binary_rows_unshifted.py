"""Family: wrong data as right — a separate path for rows of one or two logits (binary heads, many rows per
program) that takes exp(x) with no max shift; every other width goes to a correct online softmax. It passed a
judge that checked no width below 3: below_shape draws free widths log-uniformly from 2 and then makes them odd
(`v | 1`), so 1 and 2 were never drawn, and the unseen/many-programs/real-length shapes are all wider. Softmax
over 2 classes is a real input (a binary classifier head), and with logits past ~88 exp overflows: the row
comes back inf/inf = NaN (a width-1 row at logit 100 gives NaN instead of 1.0).
Source: red-team review of the harness
Expected: correctness.mismatch at the narrowest widths (tasks/sizes.py tiny_shapes: every width at 2, then at 1) on the large_logits family
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    m = tl.full([BLOCK], -1e30, tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


@triton.jit
def tiny_rows_kernel(x_ptr, y_ptr, n_rows, n_cols, BLOCK_R: tl.constexpr, W: tl.constexpr):
    # rows of one or two logits (binary heads): many rows per program, one exp per element
    r = tl.program_id(0) * BLOCK_R + tl.arange(0, BLOCK_R)
    c = tl.arange(0, W)
    mask = (r[:, None] < n_rows) & (c[None, :] < n_cols)
    x = tl.load(x_ptr + r[:, None] * n_cols + c[None, :], mask=mask, other=float("-inf"))
    e = tl.exp(x)
    d = tl.sum(e, axis=1)
    tl.store(y_ptr + r[:, None] * n_cols + c[None, :], e / d[:, None], mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        if n_cols <= 2:
            tiny_rows_kernel[(triton.cdiv(n_rows, 128),)](x, y, n_rows, n_cols, BLOCK_R=128, W=2)
            return y
        block = min(triton.next_power_of_2(n_cols), 4096)
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
