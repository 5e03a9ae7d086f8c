"""Family: wrong data as right — a fast path taken only when a row is a whole number of chunks longer than one
(`n_cols % BLOCK == 0 and n_cols > BLOCK`), which drops its last chunk: the task's shapes lie below one chunk of
4096, the drawn shape and the real length checked short of itself (a partial last block) never take it, and the
real length, 32768 = 8 x 4096, is the one that does.
Source: red-team probe of the shapes checked; own variant.
Expected: correctness.mismatch: the exact real length is checked too (`exact length: dim=32768`, one call).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'timeout_s': 120}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, EVEN: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    m = tl.full([BLOCK], -1e30, tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    if EVEN:
        # rows that are a whole number of blocks: no masks (the fast path)
        # BUG: the last block is left out of the statistics and the output
        n_iter = n_cols - BLOCK
    else:
        n_iter = n_cols
    for start in range(0, n_iter, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    for start in range(0, n_iter, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        even = n_cols % block == 0 and n_cols > block
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block, EVEN=even)
        return y
