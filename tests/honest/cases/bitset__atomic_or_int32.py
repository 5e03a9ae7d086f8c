"""Honest: bitset construction: each element sets bit (v & 31) of word (v >> 5) with tl.atomic_or on an int32
zeros buffer; the shift done in uint32 and bitcast so bit 31 is well defined."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def bitset_kernel(x_ptr, bits_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    v = tl.load(x_ptr + offs, mask=m, other=0)
    word = (v >> 5).to(tl.int32)
    one = tl.full([BLOCK], 1, tl.uint32)
    bit = (one << (v & 31).to(tl.uint32)).to(tl.int32, bitcast=True)
    tl.atomic_or(bits_ptr + word, bit, mask=m, sem="relaxed")


class ModelNew(nn.Module):
    def __init__(self, words: int):
        super().__init__()
        self.words = words

    def forward(self, x):
        bits = torch.zeros(self.words, device=x.device, dtype=torch.int32)
        n = x.numel()
        bitset_kernel[(triton.cdiv(n, 1024),)](x, bits, n, BLOCK=1024)
        return bits
