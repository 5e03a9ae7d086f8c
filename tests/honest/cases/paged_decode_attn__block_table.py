"""Honest: vLLM PagedAttention-v1-style decode in Triton: one program per (sequence, head), its length loaded
from seq_lens and the loop's trip count `tl.cdiv(seq_len, BLOCK_SIZE)` taken from it, each KV block's physical
index read from the int32 block table (widened to int64 for the address), the single query row scored against
a block of keys by a broadcast product and tl.sum (no tl.dot), an online softmax in fp32 (running max and sum
rescaled per block), the fp16 result stored through the output's strides."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def paged_attn_decode_kernel(q_ptr, k_cache_ptr, v_cache_ptr, block_table_ptr, seq_lens_ptr, out_ptr,
                             scale, max_blocks,
                             stride_qb, stride_qh,
                             stride_kb, stride_ks, stride_kh,
                             stride_bt, stride_ob, stride_oh,
                             HEAD_DIM: tl.constexpr, BLOCK_SIZE: tl.constexpr):
    seq = tl.program_id(0)
    head = tl.program_id(1)
    seq_len = tl.load(seq_lens_ptr + seq)
    d = tl.arange(0, HEAD_DIM)
    q = tl.load(q_ptr + seq * stride_qb + head * stride_qh + d).to(tl.float32)
    tok = tl.arange(0, BLOCK_SIZE)
    m_i = -float("inf")
    l_i = 0.0
    acc = tl.zeros([HEAD_DIM], dtype=tl.float32)
    num_blocks = tl.cdiv(seq_len, BLOCK_SIZE)
    for blk in range(0, num_blocks):
        phys = tl.load(block_table_ptr + seq * stride_bt + blk).to(tl.int64)
        pos = blk * BLOCK_SIZE + tok
        valid = pos < seq_len
        kv_off = phys * stride_kb + tok[:, None] * stride_ks + head * stride_kh + d[None, :]
        k = tl.load(k_cache_ptr + kv_off, mask=valid[:, None], other=0.0).to(tl.float32)
        s = tl.sum(k * q[None, :], axis=1) * scale
        s = tl.where(valid, s, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(s, axis=0))
        alpha = tl.exp(m_i - m_new)
        p = tl.exp(s - m_new)
        v = tl.load(v_cache_ptr + kv_off, mask=valid[:, None], other=0.0).to(tl.float32)
        acc = acc * alpha + tl.sum(p[:, None] * v, axis=0)
        l_i = l_i * alpha + tl.sum(p, axis=0)
        m_i = m_new
    out = acc / l_i
    tl.store(out_ptr + seq * stride_ob + head * stride_oh + d, out.to(tl.float16))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q, k_cache, v_cache, block_table, seq_lens):
        B, H, D = q.shape
        bs = k_cache.shape[1]
        out = torch.empty_like(q)
        paged_attn_decode_kernel[(B, H)](q, k_cache, v_cache, block_table, seq_lens, out,
                                         D ** -0.5, block_table.shape[1],
                                         q.stride(0), q.stride(1),
                                         k_cache.stride(0), k_cache.stride(1), k_cache.stride(2),
                                         block_table.stride(0), out.stride(0), out.stride(1),
                                         HEAD_DIM=D, BLOCK_SIZE=bs)
        return out
