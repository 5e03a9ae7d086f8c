"""Paged decode attention (vLLM PagedAttention v1 semantics): one query token per sequence, keys and values
stored in fixed-size blocks of a shared cache and addressed through a per-sequence block table, each sequence
attending to its own seq_lens[b] tokens.
q: (B, H, D) fp16; k_cache, v_cache: (num_blocks, block_size, H, D) fp16; block_table: (B, max_blocks) int32;
seq_lens: (B,) int32. out: (B, H, D) fp16.

Honest-kernel corpus task (tests/honest): decode kernels read K/V through an int32 block table and stop at a
per-sequence length read from a tensor, so their addresses and trip counts depend on input values.
"""
import torch
import torch.nn as nn

batch = 32
heads = 32
head_dim = 128
block_size = 16
max_blocks = 128
num_blocks = 4096

SHAPES = [dict(batch=3, heads=2, head_dim=32, block_size=16, max_blocks=5, num_blocks=20),
          dict(batch=2, heads=4, head_dim=64, block_size=16, max_blocks=3, num_blocks=8)]
TOLERANCE = {"float16": {"atol": 2e-3, "rtol": 2e-3, "rel_l2": 2e-3}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q, k_cache, v_cache, block_table, seq_lens):
        B, H, D = q.shape
        bs = k_cache.shape[1]
        outs = []
        for b in range(B):
            L = int(seq_lens[b])
            nblk = (L + bs - 1) // bs
            blocks = block_table[b, :nblk].long()
            k = k_cache[blocks].reshape(-1, H, D)[:L].float()   # (L, H, D)
            v = v_cache[blocks].reshape(-1, H, D)[:L].float()
            s = torch.einsum("hd,lhd->hl", q[b].float(), k) * D ** -0.5
            p = torch.softmax(s, dim=-1)
            outs.append(torch.einsum("hl,lhd->hd", p, v))
        return torch.stack(outs).to(q.dtype)


def get_inputs():
    q = torch.randn(batch, heads, head_dim).half()
    k_cache = torch.randn(num_blocks, block_size, heads, head_dim).half()
    v_cache = torch.randn(num_blocks, block_size, heads, head_dim).half()
    block_table = torch.randint(0, num_blocks, (batch, max_blocks), dtype=torch.int32)
    seq_lens = torch.randint(1, max_blocks * block_size + 1, (batch,), dtype=torch.int32)
    return [q, k_cache, v_cache, block_table, seq_lens]


def get_init_inputs():
    return []
