"""Family: wrong data — a CSR SpMV that reads each row in one masked block of 128 nonzeros and never loops
("rows hold ~16 nonzeros, 128 covers any row"): a row with more than 128 nonzeros loses everything past its
128th. Rows of typical (Poisson) length are exact, at every size the task's shapes draw.
Source: a red-team finding against this harness (the varied row length is the average, at most 40: no row
reached 128 on purpose; hub rows of power-law graphs do).
Expected: correctness.mismatch on the task's long_rows family (hub rows of 150..4000 nonzeros).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "spmv_csr",
          "reason_contains": "(inputs: long_rows)"}


@triton.jit
def spmv_csr_kernel(crow_ptr, col_ptr, val_ptr, x_ptr, y_ptr, BLOCK: tl.constexpr):
    # CSR-vector: one program per row; a row's nonzeros fit one block
    row = tl.program_id(0)
    start = tl.load(crow_ptr + row).to(tl.int64)
    end = tl.load(crow_ptr + row + 1).to(tl.int64)
    e = start + tl.arange(0, BLOCK)
    mask = e < end
    c = tl.load(col_ptr + e, mask=mask, other=0)
    v = tl.load(val_ptr + e, mask=mask, other=0.0)
    tl.store(y_ptr + row, tl.sum(v * tl.load(x_ptr + c, mask=mask, other=0.0), axis=0))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, crow, col, values, x):
        n = x.shape[0]
        y = torch.empty((n,), dtype=values.dtype, device=values.device)
        spmv_csr_kernel[(n,)](crow.contiguous(), col.contiguous(), values.contiguous(), x.contiguous(), y,
                              BLOCK=128)
        return y
