"""Family: wrong data as right — a row softmax that reads a per-row cell as one value, adds it to every
output, and then sets the cell with a one-element store. Every thread of the program loads the cell; thread 0
alone stores to it. On a GPU a warp that runs behind may load the cell after thread 0's store and add the new
value (here 1.0) to its part of the row. The interpreter runs every load before the store, so the result is
right on the CPU.
Source: write-after-read within one program through a one-element load and store (a scalar stored over a
scalar load was taken as thread 0's alone).
Expected: correctness stage, correctness.race: a one-element store over an element the program had loaded as
one value after that value reached a block.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'reason_contains': 'stored over an element'}


@triton.jit
def softmax_then_mark(x_ptr, y_ptr, flag_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    inside = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=inside, other=-float("inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    total = tl.sum(e, axis=0)  # the reductions' barriers come before the cell is read: they order nothing here
    done = tl.load(flag_ptr + row)
    tl.store(y_ptr + row * n_cols + cols, e / total + done, mask=inside)
    tl.store(flag_ptr + row, 1.0)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        flags = torch.zeros(rows, device=x.device, dtype=x.dtype)
        softmax_then_mark[(rows,)](x, y, flags, cols, BLOCK=triton.next_power_of_2(cols))
        return y
