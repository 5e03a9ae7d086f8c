"""Family: wrongdata — an embedding lookup that narrows each id to int16 before computing its row's offset ("a
vocabulary always fits"). The task's vocabulary is 50,000 rows, so about a third of its ids wrap to negative rows
and read before the table. The sizes chosen for the interpreter shrink the table with the rest (6,251 rows), and
the ids drawn below it with it, so no id past 32767 was ever drawn: it passed.
Source: red-team review of the harness.
Expected: correctness.mismatch at the "index range" shape: the vocabulary at its real 50,000 rows, the ids and the
table's width small (tasks/sizes.py index_range_shape); or sandbox.crash there, where the rows read before the
table (up to 4 MiB before it) lie on no mapped page and the candidate's process dies reading them.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "stage_in": ["correctness", "sandbox"],
          "check_in": ["correctness.mismatch", "sandbox.crash"], "task": "tests/honest/tasks/embed_scaled_kb.py"}


@triton.jit
def embed_rows(ids_ptr, w_ptr, y_ptr, dim, scale, BLOCK: tl.constexpr):
    t = tl.program_id(0)
    row = tl.load(ids_ptr + t).to(tl.int16).to(tl.int32)
    for start in range(0, dim, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < dim
        w = tl.load(w_ptr + row * dim + cols, mask=mask, other=0.0)
        tl.store(y_ptr + t * dim + cols, w * scale, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, vocab_size, dim):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, dim)
        self.scale = dim ** 0.5

    def forward(self, ids):
        ids = ids.contiguous()
        dim = self.emb.weight.shape[1]
        y = torch.empty((*ids.shape, dim), device=ids.device, dtype=self.emb.weight.dtype)
        embed_rows[(ids.numel(),)](ids, self.emb.weight, y, dim, self.scale, BLOCK=128)
        return y
