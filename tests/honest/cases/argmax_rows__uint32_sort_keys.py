"""Honest: row argmax via an intermediate of order-preserving uint32 keys: a first kernel maps each fp32 to a uint32 that
sorts like the float (flip all bits of negatives, the sign bit of positives) into a torch.uint32 buffer; a second
takes each row's max key (tl.max on uint32, with the first index among ties via a min of where(key == max))."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def to_ordered_keys(x_ptr, k_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    bits = x.to(tl.uint32, bitcast=True)
    flip = tl.where((bits >> 31) == 1, tl.full(bits.shape, 0xFFFFFFFF, tl.uint32), tl.full(bits.shape, 0x80000000, tl.uint32))
    tl.store(k_ptr + offs, bits ^ flip, mask=mask)


@triton.jit
def row_argmax_keys(k_ptr, out_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    keys = tl.load(k_ptr + row * n_cols + cols, mask=mask, other=0)
    kmax = tl.max(keys, axis=0)
    idx = tl.min(tl.where(mask & (keys == kmax), cols, BLOCK), axis=0)
    tl.store(out_ptr + row, idx.to(tl.int64))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        R, C = x.shape
        keys = torch.empty((R, C), device=x.device, dtype=torch.uint32)
        n = x.numel()
        to_ordered_keys[(triton.cdiv(n, 1024),)](x, keys, n, BLOCK=1024)
        out = torch.empty((R,), device=x.device, dtype=torch.int64)
        row_argmax_keys[(R,)](keys, out, C, BLOCK=triton.next_power_of_2(C))
        return out
