"""Family: wrong data passing as right — several lanes of one program store different column indices to the
same output element, and the answer is right only because the interpreter keeps the last lane's value. On a
GPU which lane's store lands is not defined, so ties and even plain maxima come out wrong at random.
Source: a known way to game a harness (relying on the interpreter's order within a store).
Expected: correctness stage, correctness.race: lanes of one store that put different values in one element
are reported.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'argmax'}


@triton.jit
def argmax_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    lanes = tl.arange(0, BLOCK)
    best = tl.full([BLOCK], float("-inf"), tl.float32)
    for start in range(0, n_cols, BLOCK):
        c = start + lanes
        x = tl.load(x_ptr + row * n_cols + c, mask=c < n_cols, other=float("-inf"))
        best = tl.maximum(best, x)
    m = tl.max(best, axis=0)
    # every lane that holds the maximum stores its column; blocks from the last to the first and the lanes of
    # a block in reverse, so that the store that lands last is the first maximal column
    n_blocks = tl.cdiv(n_cols, BLOCK)
    for k in range(0, n_blocks):
        start = (n_blocks - 1 - k) * BLOCK
        c = start + (BLOCK - 1 - lanes)
        x = tl.load(x_ptr + row * n_cols + c, mask=c < n_cols, other=float("-inf"))
        hit = (c < n_cols) & (x == m)
        tl.store(y_ptr + row + lanes * 0, c.to(tl.int64), mask=hit)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols = x.shape
        y = torch.empty((n_rows,), dtype=torch.int64, device=x.device)
        block = min(triton.next_power_of_2(n_cols), 4096)
        argmax_kernel[(n_rows,)](x, y, n_cols, BLOCK=block)
        return y
