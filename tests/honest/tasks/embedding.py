"""Embedding lookup with int64 indices.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

num_embeddings = 1000
dim = 256
batch = 64
seq = 128
SHAPES = [dict(num_embeddings=50, dim=24, batch=3, seq=7), dict(num_embeddings=20, dim=64, batch=2, seq=5)]


class Model(nn.Module):
    def __init__(self, num_embeddings, dim):
        super().__init__()
        self.emb = nn.Embedding(num_embeddings, dim)

    def forward(self, idx):
        return self.emb(idx)


def get_inputs():
    return [torch.randint(0, num_embeddings, (batch, seq), dtype=torch.int64)]


def get_init_inputs():
    return [num_embeddings, dim]
