"""Honest: embedding lookup; int64 indices loaded and used for the row offset (idx * stride), one program
per token and a column block, nn.Embedding kept as the parameter holder, output shape built as
(*idx.shape, dim)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def embedding_kernel(idx_ptr, w_ptr, out_ptr, dim, stride_w, stride_out, BLOCK_D: tl.constexpr):
    tok = tl.program_id(0)
    pid_d = tl.program_id(1)
    row = tl.load(idx_ptr + tok)
    cols = pid_d * BLOCK_D + tl.arange(0, BLOCK_D)
    mask = cols < dim
    vals = tl.load(w_ptr + row * stride_w + cols, mask=mask)
    tl.store(out_ptr + tok.to(tl.int64) * stride_out + cols, vals, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, num_embeddings, dim):
        super().__init__()
        self.emb = nn.Embedding(num_embeddings, dim)

    def forward(self, idx):
        w = self.emb.weight
        dim = w.shape[1]
        flat = idx.reshape(-1)
        n_tok = flat.numel()
        out = torch.empty((n_tok, dim), device=w.device, dtype=w.dtype)
        BLOCK_D = 32
        embedding_kernel[(n_tok, triton.cdiv(dim, BLOCK_D))](flat, w, out, dim, w.stride(0), out.stride(0),
                                                             BLOCK_D=BLOCK_D)
        return out.view(*idx.shape, dim)
