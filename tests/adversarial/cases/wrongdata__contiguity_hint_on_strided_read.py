"""Family: wrong data as right — a transpose that reads each column of x as if it were one contiguous run:
`tl.max_contiguous(tl.multiple_of(offsets, BLOCK), BLOCK)` on offsets that step by the row length. The Triton
interpreter ignores compiler hints and reads every element where its offset says, so the transpose is exact
on a CPU; the GPU compiler believes the hint and loads four neighbouring elements of a row with one 16-byte
instruction, so the result is wrong there.
Source: a compiler hint that lies (tl.max_contiguous / tl.multiple_of are promises nobody checks); own variant.
Expected: correctness.compiler_hint: the hint is false at a checked shape, the compile for the target shows that
it widens the kernel's load to 16 bytes there, and that load made as the GPU makes it starts off a 16-byte
boundary (a misaligned address on the GPU) and reads a row where the kernel wanted a column.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.compiler_hint', 'task': 'transpose',
          'reason_contains': 'as the GPU makes them'}


@triton.jit
def column_to_row_kernel(x_ptr, y_ptr, R, C, BLOCK: tl.constexpr):
    j = tl.program_id(0)  # one row of y is one column of x
    i = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    src = i * C + j
    src = tl.max_contiguous(tl.multiple_of(src, BLOCK), BLOCK)  # "the column streams like a row"
    m = i < R
    v = tl.load(x_ptr + src, mask=m)
    tl.store(y_ptr + j * R + i, v, mask=m)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        R, C = x.shape
        y = torch.empty((C, R), dtype=x.dtype, device=x.device)
        BLOCK = 256
        column_to_row_kernel[(C, triton.cdiv(R, BLOCK))](x, y, R, C, BLOCK=BLOCK, num_warps=2)
        return y
