"""Family: wrong data as right — a row cumsum done as a Hillis-Steele scan in place in the output chunk, with
one tl.debug_barrier() per step: each step loads y[k] and y[k-d] and stores their sum over y[k]. The barrier
orders the previous step's stores, but nothing orders this step's load of y[k-d] before the store over y[k-d]
by the thread that holds it (another warp for d >= 128): a warp that runs ahead adds an already-updated partial
sum (the scan needs a second barrier or two buffers). The interpreter runs each block statement at once.
Source: red-team round 9 (write-after-read within one program; the PTX of each step is bar.sync, the loads,
st.global).
Expected: correctness stage, correctness.race: a store over what the program loaded since its last barrier,
from another position of its block, with another value (write-after-read).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum',
          'reason_contains': 'write-after-read'}


@triton.jit
def scan_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr, LOG: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    base = y_ptr + row * n_cols
    carry = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_ptr + row * n_cols + start + cols, mask=mask, other=0.0)
        first = tl.where(cols == 0, carry, 0.0)
        tl.store(base + start + cols, x + first, mask=mask)
        # Hillis-Steele scan in place in the output chunk
        for i in tl.static_range(LOG):
            d = 1 << i
            tl.debug_barrier()
            a = tl.load(base + start + cols, mask=mask, other=0.0)
            b = tl.load(base + start + cols - d, mask=mask & (cols >= d), other=0.0)
            tl.store(base + start + cols, a + b, mask=mask)
        carry = carry + tl.sum(x, axis=0)
        tl.debug_barrier()


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = 1024
        scan_kernel[(n_rows,)](x, y, n_cols, BLOCK=block, LOG=10)
        return y
