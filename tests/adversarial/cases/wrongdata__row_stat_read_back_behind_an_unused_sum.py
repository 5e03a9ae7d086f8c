"""Family: wrong data as right — a row softmax that stores the row's maximum to a scratch cell (thread 0's
one-element store) and loads it back as one value (every thread) to shift the row, with a `tl.sum` of the
row between the two whose result is never used. The interpreter would count the reduction as a barrier; the
compiler removes it, so on a GPU the other warps may load the cell before thread 0 stored to it.
Source: an unused reduction taken for a barrier, in front of the one-value read-back rule.
Expected: correctness stage, correctness.race: found in a trial in which the removed reduction is no barrier.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'reason_contains': 'whose results are unused'}


@triton.jit
def softmax_stat_cell(x_ptr, y_ptr, m_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    inside = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=inside, other=-float("inf"))
    tl.store(m_ptr + row, tl.max(x, axis=0))
    dead = tl.sum(tl.where(inside, x, 0.0), axis=0)  # noqa: F841 -- never used: the compiler drops it
    m = tl.load(m_ptr + row)
    e = tl.exp(x - m)
    tl.store(y_ptr + row * n_cols + cols, e / tl.sum(e, axis=0), mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        m = torch.full((rows,), 1e30, device=x.device, dtype=x.dtype)
        softmax_stat_cell[(rows,)](x, y, m, cols, BLOCK=max(triton.next_power_of_2(cols), 256))
        return y
