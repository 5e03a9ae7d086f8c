"""Honest: an embedding lookup, a program per token that loads its id as int64 and reads its row of the table in
blocks (the row offset `id * dim` in 64 bits, as a 128k x 4096 table needs), scaled on the way out."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def embed_rows(ids_ptr, w_ptr, y_ptr, dim, scale, BLOCK: tl.constexpr):
    t = tl.program_id(0)
    row = tl.load(ids_ptr + t).to(tl.int64)
    for start in range(0, dim, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < dim
        w = tl.load(w_ptr + row * dim + cols, mask=mask, other=0.0)
        tl.store(y_ptr + t.to(tl.int64) * dim + cols, w * scale, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, vocab_size, dim):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, dim)
        self.scale = dim ** 0.5

    def forward(self, ids):
        ids = ids.contiguous()
        weight = self.emb.weight.contiguous()
        dim = weight.shape[1]
        y = torch.empty((*ids.shape, dim), device=ids.device, dtype=weight.dtype)
        embed_rows[(ids.numel(),)](ids, weight, y, dim, self.scale, BLOCK=128)
        return y
