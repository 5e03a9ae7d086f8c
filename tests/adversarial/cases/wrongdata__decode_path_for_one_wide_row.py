"""Family: wrong data as right — an RMSNorm with a "decode" path for fewer than 4 rows of at least 333 columns:
each row split over programs of 256 columns, each normalising by its own chunk's mean square instead of the
row's. The task's shapes give 5 and 4 tokens, the drawn and longer shapes more, and the shape below them
lowers the width with the rows (one token of 27 columns takes the one-program path): a single token of a
4096-wide hidden state, as a decoder produces, was never checked.
Source: red-team review — the shape below the sizes given lowered every size at once.
Expected: correctness stage, correctness.mismatch at the one-row shape (tasks/sizes.py one_row_shape: the
largest shape given with its first size at 1).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'rmsnorm',
          'reason_contains': 'the largest given'}


@triton.jit
def rmsnorm_rows(x_ptr, w_ptr, y_ptr, n, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n, BLOCK):
        x = tl.load(x_ptr + row * n + start + cols, mask=start + cols < n, other=0.0).to(tl.float32)
        acc += x * x
    r = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / n + eps)
    for start in range(0, n, BLOCK):
        inside = start + cols < n
        x = tl.load(x_ptr + row * n + start + cols, mask=inside, other=0.0).to(tl.float32)
        w = tl.load(w_ptr + start + cols, mask=inside, other=0.0).to(tl.float32)
        tl.store(y_ptr + row * n + start + cols, (x * r * w).to(y_ptr.dtype.element_ty), mask=inside)


@triton.jit
def rmsnorm_chunks(x_ptr, w_ptr, y_ptr, n, eps, CHUNK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    c = tl.program_id(1)
    cols = c * CHUNK + tl.arange(0, CHUNK)
    inside = cols < n
    x = tl.load(x_ptr + row * n + cols, mask=inside, other=0.0).to(tl.float32)
    r = 1.0 / tl.sqrt(tl.sum(x * x, axis=0) / tl.minimum(n - c * CHUNK, CHUNK) + eps)  # the chunk's, not the row's
    w = tl.load(w_ptr + cols, mask=inside, other=0.0).to(tl.float32)
    tl.store(y_ptr + row * n + cols, (x * r * w).to(y_ptr.dtype.element_ty), mask=inside)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(hidden, dtype=torch.float16))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.shape[-1]
        rows = x.numel() // n
        if rows < 4 and n >= 333:
            rmsnorm_chunks[(rows, triton.cdiv(n, 256))](x, self.weight, y, n, self.eps, CHUNK=256)
        else:
            rmsnorm_rows[(rows,)](x, self.weight, y, n, self.eps, BLOCK=min(triton.next_power_of_2(n), 4096))
        return y
