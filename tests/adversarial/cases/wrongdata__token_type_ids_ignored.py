"""Family: wrongdata — BERT-style word plus token-type embeddings (tests/honest/tasks/bert_embed.py), whose
get_inputs gives single-sentence batches: token_type_ids all 0. The candidate never reads them and adds row 0
of the token-type table to every token. The judge's other values for a fixed integer input moved each 0 to 1
or 2; the two-row table refuses a 2, so that call was dropped and the ids were 0 in every call.
Source: red-team review of the harness
Expected: correctness.mismatch (where the reference refuses the factor's move, the smallest one is tried:
about half of the ids one step from zero, judge._ints_stepped).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/bert_embed.py"}


@triton.jit
def embed_kernel(ids_ptr, word_ptr, type_ptr, out_ptr, H, BLOCK_H: tl.constexpr):
    row = tl.program_id(0)
    tok = tl.load(ids_ptr + row)
    for h0 in range(0, H, BLOCK_H):
        h = h0 + tl.arange(0, BLOCK_H)
        m = h < H
        w = tl.load(word_ptr + tok * H + h, mask=m, other=0.0)
        ty = tl.load(type_ptr + h, mask=m, other=0.0)  # segment 0's row, always
        tl.store(out_ptr + row * H + h, w + ty, mask=m)


class ModelNew(nn.Module):
    def __init__(self, vocab_size, type_vocab_size, hidden):
        super().__init__()
        self.word = nn.Embedding(vocab_size, hidden)
        self.token_type = nn.Embedding(type_vocab_size, hidden)

    def forward(self, input_ids, token_type_ids):
        ids = input_ids.contiguous()
        B, T = ids.shape
        H = self.word.weight.shape[1]
        out = torch.empty((B, T, H), device=ids.device, dtype=self.word.weight.dtype)
        embed_kernel[(B * T,)](ids, self.word.weight, self.token_type.weight, out, H, BLOCK_H=64)
        return out
