"""A token embedding looked up and scaled by sqrt(dim), as a transformer's input layer does. A plain
KernelBench file (no SHAPES) with a vocabulary of 50,000 rows: ids past 32767 are drawn at its real size.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 8
seq_len = 512
vocab_size = 50000
dim = 256


class Model(nn.Module):
    def __init__(self, vocab_size, dim):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, dim)
        self.scale = dim ** 0.5

    def forward(self, ids):
        return self.emb(ids) * self.scale


def get_inputs():
    return [torch.randint(0, vocab_size, (batch_size, seq_len))]


def get_init_inputs():
    return [vocab_size, dim]
