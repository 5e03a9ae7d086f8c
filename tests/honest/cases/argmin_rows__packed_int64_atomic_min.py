"""Honest: split-row argmin on a 2-D grid (row, block of columns): each program packs its block's minimum as
an order-preserving integer key (the float's bits flipped by sign, via bitcast) in the high 32 bits and the
column in the low 32 bits of an int64, and tl.atomic_min's it into a per-row slot filled with the int64
maximum by torch.full; a second kernel unpacks the column. Equal minima keep the smaller column, as torch."""

import torch
import torch.nn as nn
import triton
import triton.language as tl

INT64_MAX = 2**63 - 1


@triton.jit
def block_argmin_pack(x_ptr, key_ptr, n_cols, stride_row, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * stride_row + cols, mask=cols < n_cols, other=float("inf"))
    v = tl.min(x, axis=0)
    i = tl.min(tl.where(x == v, cols, n_cols), axis=0)
    bits = v.to(tl.int32, bitcast=True)
    ordered = tl.where(bits < 0, bits ^ 0x7FFFFFFF, bits)  # monotone in the float's value
    key = (ordered.to(tl.int64) << 32) | i.to(tl.int64)
    tl.atomic_min(key_ptr + row, key)


@triton.jit
def unpack_index(key_ptr, out_ptr, n_rows, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n_rows
    key = tl.load(key_ptr + offs, mask=mask, other=0)
    tl.store(out_ptr + offs, key & 0xFFFFFFFF, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n_rows, n_cols = x.shape
        keys = torch.full((n_rows,), INT64_MAX, device=x.device, dtype=torch.int64)
        out = torch.empty(n_rows, device=x.device, dtype=torch.int64)
        BLOCK = 128
        block_argmin_pack[(n_rows, triton.cdiv(n_cols, BLOCK))](x, keys, n_cols, x.stride(0), BLOCK=BLOCK)
        unpack_index[(triton.cdiv(n_rows, 64),)](keys, out, n_rows, BLOCK=64)
        return out
