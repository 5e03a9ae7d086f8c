"""Bitset of the values present in a 1-D int64 tensor of values in [0, 32 * words): word w's bit b is set
iff w * 32 + b occurs. int32 words (bit 31 makes a word negative).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 1 << 20
words = 64
SHAPES = [dict(n=1000, words=8), dict(n=5000, words=64)]


class Model(nn.Module):
    def __init__(self, words: int):
        super().__init__()
        self.words = words

    def forward(self, x):
        present = torch.zeros(self.words * 32, dtype=torch.int64, device=x.device)
        present[x] = 1
        bits = present.view(self.words, 32) << torch.arange(32, device=x.device)
        return bits.sum(dim=1).to(torch.int32)


def get_inputs():
    return [torch.randint(0, words * 32 // 3, (n,)) * 3]


def get_init_inputs():
    return [words]
