"""Honest: single-pass chained scan in the CUB style: each program takes a dynamic tile id from an atomic
ticket counter (so it only ever waits on a tile taken before it), scans its tile with tl.cumsum, waits on the
previous tile's packed status word (flag in the high 32 bits, fp32 inclusive prefix bits in the low 32,
read with tl.atomic_add(p, 0)) and publishes its own with one tl.atomic_xchg; tiles run row by row."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def lookback_scan_kernel(x_ptr, y_ptr, ticket_ptr, status_ptr, n_cols, n_blocks, stride, BLOCK: tl.constexpr):
    tile = tl.atomic_add(ticket_ptr, 1)
    row = tile // n_blocks
    blk = tile % n_blocks
    cols = blk * BLOCK + tl.arange(0, BLOCK)
    m = cols < n_cols
    x = tl.load(x_ptr + row.to(tl.int64) * stride + cols, mask=m, other=0.0)
    local = tl.cumsum(x, axis=0)
    total = tl.sum(x, axis=0)
    prefix = tl.zeros((), tl.float32)
    if blk > 0:
        word = tl.atomic_add(status_ptr + tile - 1, 0)
        while (word >> 32) == 0:
            word = tl.atomic_add(status_ptr + tile - 1, 0)
        prefix = (word & 0xFFFFFFFF).to(tl.uint32).to(tl.float32, bitcast=True)
    incl = prefix + total
    packed = (tl.full((), 1, tl.int64) << 32) | incl.to(tl.uint32, bitcast=True).to(tl.int64)
    tl.atomic_xchg(status_ptr + tile, packed)
    tl.store(y_ptr + row.to(tl.int64) * stride + cols, local + prefix, mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        BLOCK = 512
        n_blocks = triton.cdiv(cols, BLOCK)
        ticket = torch.zeros(1, device=x.device, dtype=torch.int32)
        status = torch.zeros(rows * n_blocks, device=x.device, dtype=torch.int64)
        lookback_scan_kernel[(rows * n_blocks,)](x, y, ticket, status, cols, n_blocks, x.stride(0), BLOCK=BLOCK)
        return y
