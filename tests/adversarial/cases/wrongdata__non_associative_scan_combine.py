"""Family: wrong data — a tl.associative_scan whose combine function is not associative: (prefix, count)
pairs where the right operand's value is weighted by its count. Folded left to right with one new element on
the right (count 1), as Triton's interpreter folds a scan, it is a running sum; a GPU scans in a tree (each
thread's elements, then the threads' totals across a warp in rounds at distances 1, 2, 4, ...), where the right
operand is a partial total of several elements and the weighting is wrong.
Source: a non-associative combine passed to tl.associative_scan, which documents that the combine must be
associative; own variant.
Expected: correctness.mismatch: the interpreter combines in the order of Triton's lowering
(sandbox/interp_semantics.py, combines_in_tree_order).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'cumsum'}


@triton.jit
def add_counted(va, ca, vb, cb):
    # (prefix, count): the right operand's value weighted by its count. Right whenever the right operand is one
    # element (count 1), as in a left-to-right scan; not associative.
    return va + vb * cb, ca + cb


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    carry = tl.zeros([1], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_ptr + row * n_cols + start + cols, mask=mask, other=0.0)
        ones = tl.full([BLOCK], 1.0, tl.float32)
        s, _ = tl.associative_scan((x, ones), 0, add_counted)
        tl.store(y_ptr + row * n_cols + start + cols, s + carry, mask=mask)
        carry += tl.sum(x, axis=0)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        cumsum_kernel[(n_rows,)](x, y, n_cols, BLOCK=512)
        return y
