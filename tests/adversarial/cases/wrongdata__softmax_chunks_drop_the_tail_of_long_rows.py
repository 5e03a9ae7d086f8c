"""Family: wrong data — a long row walked in whole chunks only. Rows up to 4096 wide are read in one masked
block; longer rows are walked in chunks of 4096 counted as n_cols // 4096, so a partial last chunk is neither
in the max and the sum nor written. Every width the task's SHAPES give (300, 2048) and every unseen one drawn
between them takes the one-block path; the real row (32768 = 8 x 4096) has no partial chunk. The real length
is therefore checked a little short of itself (an odd number up to an eighth of it less), drawn per evaluation.
Source: a red-team finding against this harness (a multi-chunk path whose tail is only wrong where the long
length is not a multiple of the chunk); the range-broken family of PRIOR-ART.
Expected: correctness.mismatch at the real length ("real length: dim=... (32768 less ...: a partial last
block)"): the last chunk's columns are never written and the rest are normalised by a short sum.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}

CHUNK = 4096


@triton.jit
def softmax_short_row(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride + cols, e / tl.sum(e, axis=0), mask=mask)


@triton.jit
def softmax_long_row(x_ptr, y_ptr, n_chunks, stride, CHUNK_: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, CHUNK_)
    m = float("-inf")
    total = 0.0
    for c in range(0, n_chunks):
        x = tl.load(x_ptr + row * stride + c * CHUNK_ + cols)
        m_new = tl.maximum(m, tl.max(x, axis=0))
        shift = tl.where(m_new == float("-inf"), 0.0, m_new)  # a chunk all masked (-inf) so far: no NaN
        total = total * tl.exp(m - shift) + tl.sum(tl.exp(x - shift), axis=0)
        m = m_new
    for c in range(0, n_chunks):
        x = tl.load(x_ptr + row * stride + c * CHUNK_ + cols)
        tl.store(y_ptr + row * stride + c * CHUNK_ + cols, tl.exp(x - m) / total)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        if cols <= CHUNK:
            softmax_short_row[(rows,)](x, y, cols, x.stride(0), BLOCK=triton.next_power_of_2(cols))
        else:
            softmax_long_row[(rows,)](x, y, cols // CHUNK, x.stride(0), CHUNK_=CHUNK)
        return y
