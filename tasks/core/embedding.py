"""Embedding lookup: gather rows of an fp16 table by int64 token ids.

y[b, s, :] = weight[ids[b, s], :]

Shapes: ids is (batch, seq) int64 in [0, vocab), weight is an fp16 parameter of shape
(vocab, dim) = (128256, 4096) (Llama-3-8B token embedding, 1 GiB), y is
(batch, seq, dim) float16. Pure gather: exact (tolerance 0). Ids are uniform random, so
rows repeat and are read in random order.
Input families: boundary_ids (half the ids are 0 or vocab - 1: an off-by-one bound, or id 0
taken for padding, is caught).
Memory-bound: each output row is one 8 KiB row read and one write.
Source: the token embedding of every LM (torch.nn.functional.embedding).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

batch = 64
seq = 4096
vocab = 128256
dim = 4096

SHAPES = [
    dict(batch=3, seq=17, vocab=1000, dim=300),
    dict(batch=2, seq=8, vocab=50, dim=512),
]

TOLERANCE = {"float16": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}
# checked on a CPU at the real vocabulary too (with a narrow table): ids past 32767 or 65535 catch a kernel
# that narrows them, which SHAPES' small vocabularies never would
REDUCTION_DIMS = ["vocab"]


class Model(nn.Module):
    def __init__(self, vocab: int, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(vocab, dim).half())

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return F.embedding(ids, self.weight)


def get_inputs():
    return [torch.randint(0, vocab, (batch, seq))]


def get_inputs_boundary_ids():
    ids = torch.randint(0, vocab, (batch, seq))
    edge = torch.where(torch.rand(batch, seq) < 0.5, 0, vocab - 1)
    return [torch.where(torch.rand(batch, seq) < 0.5, edge, ids)]


INPUT_CASES = {"boundary_ids": get_inputs_boundary_ids}


def get_init_inputs():
    return [vocab, dim]


def flops(ids):
    return 0.0


def bytes_moved(ids):
    return ids.numel() * ids.element_size() + 2.0 * ids.numel() * dim * 2


