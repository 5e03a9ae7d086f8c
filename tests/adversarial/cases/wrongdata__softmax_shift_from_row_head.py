"""Family: right only on the values checked — a softmax whose shift is the max of the row's first columns,
not of the whole row. On Gaussian rows no later element is 88 above that partial max, so exp never
overflows; a row with one large logit past the head turns to NaN.
Source: own variant (partial reductions that typical values cannot tell from whole ones).
Expected: correctness stage, correctness.mismatch (NaN) on the task's one_spike family, or on masked_logits
where a row's masked leading run covers the head (the shift is then -inf); which comes first is chance.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'reason_contains': 'contains NaN values'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, HEAD: tl.constexpr):
    # BUG: the shift is the max of the first HEAD columns only, not of the whole row; any element more than
    # ~88 above that partial max overflows exp() to inf and the row turns into NaN.
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    hc = tl.arange(0, HEAD)
    h = tl.load(x_row + hc, mask=hc < n_cols, other=float("-inf"))
    m = tl.max(h, axis=0)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        s += tl.where(mask, tl.exp(x - m), 0.0)
    denom = tl.sum(s, axis=0)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - m) / denom, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block, HEAD=256)
        return y
