"""Family: wrong data as right — the cumulative sum of wrongdata__carry_read_without_waiting.py (each program
reads the last prefix the previous block's program stored, with no wait for it; one tl.atomic_add per program,
after its load, orders nothing), with one program first loading a 64 KiB scratch block 125 times. That is 8
million recorded element accesses, past races.LIMIT: the launch's loads used to be dropped from there on, so
the carry reads that follow were never compared with the stores they race with. The atomic keeps the
programs in index order under the interpreter, so the carry is always there.
Source: a carry across programs with an atomic that orders nothing, with the race check pushed past its load
limit; own variant.
Expected: correctness.race: past the limit a load is still kept where it touches a page some program stored
to before it (the carry); only the scratch loads, of memory nothing stores to, are dropped.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'cumsum'}


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, done_ptr, pad_ptr, n_cols, BLOCK: tl.constexpr, FLOOD: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    blk = tl.program_id(1)
    cols = blk * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    s = tl.cumsum(x, axis=0)
    if (tl.program_id(0) == 0) & (blk == 0):
        junk = tl.zeros([65536], tl.int8)
        for i in range(FLOOD):  # 125 x 65536 element loads: past the record's limit
            junk += tl.load(pad_ptr + tl.arange(0, 65536))
    # carry: the last prefix the previous block of this row stored (a plain load of another program's store)
    prev = tl.load(y_ptr + row * n_cols + blk * BLOCK - 1, mask=blk > 0, other=0.0)
    tl.store(y_ptr + row * n_cols + cols, s + prev, mask=mask)
    tl.atomic_add(done_ptr + row, 1)  # blocks finished per row


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        done = torch.zeros(n_rows, dtype=torch.int32, device=x.device)
        block = 256
        pad = torch.zeros(65536, dtype=torch.int8, device=x.device)
        cumsum_kernel[(n_rows, triton.cdiv(n_cols, block))](x, y, done, pad, n_cols, BLOCK=block, FLOOD=125)
        return y
