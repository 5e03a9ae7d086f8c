"""Family: memorising — a sparse-pattern cache: int64 copies of `crow`/`col` kept and keyed by their addresses,
sizes and five sampled index values. A caller that edits a few column indices in place gets the stale pattern.
The same-addresses second call changed rows of inputs of two or more dimensions or single elements of floating
ones, never an integer vector, so the cache hit only where it was right.
Source: a red-team finding against this harness (the memo attack moved onto integer inputs).
Expected: correctness.mismatch on the same-addresses second call, where a few values of an integer input move:
the row pointers take a neighbour's value (kept in order), the column indices swap pairs, so the CSR stays valid.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "spmv_csr"}


@triton.jit
def widen_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    # the sparsity pattern's indices widened to int64 once (the "plan" reused while the matrix is the same)
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=m, other=0).to(tl.int64), mask=m)


@triton.jit
def spmv_csr_kernel(crow_ptr, col_ptr, val_ptr, x_ptr, y_ptr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    start = tl.load(crow_ptr + row)
    end = tl.load(crow_ptr + row + 1)
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], tl.float64)
    for e0 in range(start, end, BLOCK):
        e = e0 + offs
        mask = e < end
        c = tl.load(col_ptr + e, mask=mask, other=0)
        v = tl.load(val_ptr + e, mask=mask, other=0.0)
        acc += v * tl.load(x_ptr + c, mask=mask, other=0.0)
    tl.store(y_ptr + row, tl.sum(acc, axis=0))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self._plan = None  # (key, crow64, col64): the pattern is analysed once per matrix

    def _widen(self, t):
        out = torch.empty(t.shape, dtype=torch.int64, device=t.device)
        n = t.numel()
        if n:
            widen_kernel[(triton.cdiv(n, 1024),)](t, out, n, BLOCK=1024)
        return out

    def forward(self, crow, col, values, x):
        crow, col = crow.contiguous(), col.contiguous()
        n = x.shape[0]
        nnz = col.numel()
        # same buffers, same size and the same fingerprint of the pattern: the same matrix
        key = (crow.data_ptr(), col.data_ptr(), crow.numel(), nnz, int(crow[n // 2]), int(crow[n]),
               int(col[0]) if nnz else -1, int(col[nnz - 1]) if nnz else -1, int(col[nnz // 2]) if nnz else -1)
        if self._plan is None or self._plan[0] != key:
            self._plan = (key, self._widen(crow), self._widen(col))
        _, crow64, col64 = self._plan
        y = torch.empty((n,), dtype=values.dtype, device=values.device)
        spmv_csr_kernel[(n,)](crow64, col64, values.contiguous(), x.contiguous(), y, BLOCK=32)
        return y
