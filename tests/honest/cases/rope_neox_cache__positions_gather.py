"""Honest: vLLM's rotary embedding (GPT-NeoX half-split layout with a fused `cos_sin_cache` buffer) in Triton:
one program per token, its position id loaded from `positions` and used to address one row of the [cos | sin]
fp32 cache, all heads of the token rotated at once as a (heads padded to a power of two, head_dim / 2) tile in
fp32, the result cast with `.to(out_ptr.dtype.element_ty)`; the cache re-registered in __init__ under the
reference's buffer name."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def rope_neox_kernel(q_ptr, pos_ptr, cache_ptr, out_ptr, num_heads,
                     stride_qt, stride_qh, stride_ot, stride_oh, stride_cache,
                     HALF: tl.constexpr, BLOCK_H: tl.constexpr):
    tok = tl.program_id(0)
    pos = tl.load(pos_ptr + tok)
    d = tl.arange(0, HALF)
    cos = tl.load(cache_ptr + pos * stride_cache + d)
    sin = tl.load(cache_ptr + pos * stride_cache + HALF + d)
    h = tl.arange(0, BLOCK_H)
    hmask = (h < num_heads)[:, None]
    q_base = q_ptr + tok.to(tl.int64) * stride_qt + h[:, None] * stride_qh
    x1 = tl.load(q_base + d[None, :], mask=hmask, other=0.0).to(tl.float32)
    x2 = tl.load(q_base + HALF + d[None, :], mask=hmask, other=0.0).to(tl.float32)
    o1 = x1 * cos[None, :] - x2 * sin[None, :]
    o2 = x2 * cos[None, :] + x1 * sin[None, :]
    o_base = out_ptr + tok.to(tl.int64) * stride_ot + h[:, None] * stride_oh
    tl.store(o_base + d[None, :], o1.to(out_ptr.dtype.element_ty), mask=hmask)
    tl.store(o_base + HALF + d[None, :], o2.to(out_ptr.dtype.element_ty), mask=hmask)


class ModelNew(nn.Module):
    def __init__(self, head_dim: int, max_pos: int):
        super().__init__()
        inv_freq = 1.0 / (10000 ** (torch.arange(0, head_dim, 2).float() / head_dim))
        t = torch.arange(max_pos).float()
        freqs = torch.outer(t, inv_freq)
        self.register_buffer("cos_sin_cache", torch.cat([freqs.cos(), freqs.sin()], dim=-1))

    def forward(self, positions: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
        T, H, D = q.shape
        out = torch.empty_like(q)
        rope_neox_kernel[(T,)](q, positions, self.cos_sin_cache, out, H,
                               q.stride(0), q.stride(1), out.stride(0), out.stride(1),
                               self.cos_sin_cache.stride(0), HALF=D // 2,
                               BLOCK_H=triton.next_power_of_2(H))
        return out
