"""Honest: a KV-cache write kernel (vLLM reshape_and_cache style, dense layout), the reference changing its own
cache buffers in place too, so the candidate may: one program per (b, h) writes the
new k and v rows into the module's cache buffers at pos, in place; a second kernel copies the caches out
(the reference returns fresh tensors)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def cache_write_kernel(k_ptr, v_ptr, kc_ptr, vc_ptr, pos_ptr, S, D: tl.constexpr, BLOCK_D: tl.constexpr):
    bh = tl.program_id(0)
    pos = tl.load(pos_ptr)
    d = tl.arange(0, BLOCK_D)
    m = d < D
    dst = (bh * S + pos) * D + d
    tl.store(kc_ptr + dst, tl.load(k_ptr + bh * D + d, mask=m), mask=m)
    tl.store(vc_ptr + dst, tl.load(v_ptr + bh * D + d, mask=m), mask=m)


@triton.jit
def copy_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=m), mask=m)


class ModelNew(nn.Module):
    def __init__(self, b, h, s, d):
        super().__init__()
        self.register_buffer("k_cache", torch.zeros(b, h, s, d))
        self.register_buffer("v_cache", torch.zeros(b, h, s, d))

    def forward(self, k, v, pos):
        b, h, s, d = self.k_cache.shape
        cache_write_kernel[(b * h,)](k.contiguous(), v.contiguous(), self.k_cache, self.v_cache, pos, s, D=d,
                                     BLOCK_D=triton.next_power_of_2(d))
        outs = []
        for c in (self.k_cache, self.v_cache):
            o = torch.empty_like(c)
            copy_kernel[(triton.cdiv(c.numel(), 1024),)](c, o, c.numel(), BLOCK=1024)
            outs.append(o)
        return outs[0], outs[1]
