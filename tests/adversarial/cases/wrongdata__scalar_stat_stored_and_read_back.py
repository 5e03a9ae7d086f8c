"""Family: wrong data as right — a row softmax that stores the row's max and 1/denominator as scalars into a
scratch buffer "for a backward pass" and loads them back for the write pass, with no barrier between. Triton
predicates a scalar store on thread 0 (`@p st.global` with p = tid == 0) and every thread makes the scalar
load: warps 1-3 may read the uninitialised scratch before thread 0's store lands, and write garbage rows.
Source: red-team round 9 (a scalar read back of a scalar had counted as the same thread's).
Expected: correctness stage, correctness.race: a one-element load of what the program stored since its last
barrier is every thread's load of one thread's store.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'reason_contains': 'as a scalar'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, stat_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
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
    # keep the row statistics (max, 1/denominator) for a backward pass, and read them back from there
    tl.store(stat_ptr + 2 * row, row_max)
    tl.store(stat_ptr + 2 * row + 1, 1.0 / denom)
    mx = tl.load(stat_ptr + 2 * row)
    inv = tl.load(stat_ptr + 2 * row + 1)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - mx) * inv, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        stats = torch.empty((n_rows, 2), dtype=torch.float32, device=x.device)
        block = min(triton.next_power_of_2(n_cols), 4096)
        softmax_kernel[(n_rows,)](x, y, stats, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
