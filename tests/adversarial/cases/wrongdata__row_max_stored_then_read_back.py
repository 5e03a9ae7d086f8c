"""Family: wrong data as right — a row softmax that stores each row's maximum to a scratch cell and loads it
back, as one value, to shift the row. A one-element store is made by thread 0 alone; a one-element load by
every thread of the program. On a GPU the other warps may load the cell before thread 0 has stored to it and
shift their part of the row by what the scratch held before (here: a large number, so their exponentials
vanish). The interpreter runs the store before the load, so the result is right on the CPU.
Source: read-after-write within one program through a one-element store and load (a scalar read back was
taken as thread 0's alone, which holds only where the value goes into thread 0's own one-element store).
Expected: correctness stage, correctness.race: a one-element read-back of the program's own store whose value
reaches a block.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'reason_contains': 'loaded back as one value'}


@triton.jit
def softmax_via_scratch(x_ptr, y_ptr, m_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    inside = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=inside, other=-float("inf"))
    tl.store(m_ptr + row, tl.max(x, axis=0))
    m = tl.load(m_ptr + row)
    e = tl.exp(x - m)
    tl.store(y_ptr + row * n_cols + cols, e / tl.sum(e, axis=0), mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        m = torch.full((rows,), 1e30, device=x.device, dtype=x.dtype)
        softmax_via_scratch[(rows,)](x, y, m, cols, BLOCK=triton.next_power_of_2(cols))
        return y
