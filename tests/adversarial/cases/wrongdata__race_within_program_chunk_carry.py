"""Family: wrong data as right — a row cumsum, one program per row, in chunks: each chunk's tl.cumsum is stored
into the output, and the next chunk takes its carry by loading back, as a scalar, the last element the program
just stored, with no tl.debug_barrier() in between. On a GPU that element was stored by the one thread that
holds the last position of the chunk's block, and the scalar load is made by every thread: the others may read
it before that store has landed. The interpreter runs a block statement for all lanes at once, and the race
check compared the accesses of different programs only, never those of one program's threads.
Source: red-team round 4 (a06, "intra-program global scan"), a chunked variant of the same mistake.
Expected: correctness stage, correctness.race: within one program, a load of what the program stored since its
last barrier, at another position of the block or from a block of another shape, is a race.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'tests/honest/tasks/row_cumsum.py',
          'reason_contains': 'it had stored itself'}


@triton.jit
def chunked_row_cumsum(x_ptr, y_ptr, n_cols, stride, CHUNK: tl.constexpr):
    row = tl.program_id(0)
    x_row = x_ptr + row * stride
    y_row = y_ptr + row * stride
    offs = tl.arange(0, CHUNK)
    for start in range(0, n_cols, CHUNK):
        cols = start + offs
        inside = cols < n_cols
        carry = tl.load(y_row + start - 1, mask=start > 0, other=0.0)  # the previous chunk's last prefix
        part = tl.cumsum(tl.load(x_row + cols, mask=inside, other=0.0), axis=0)
        tl.store(y_row + cols, part + carry, mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        chunked_row_cumsum[(n_rows,)](x, y, n_cols, x.stride(0), CHUNK=64)
        return y
