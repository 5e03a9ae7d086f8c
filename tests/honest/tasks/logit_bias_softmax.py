"""Softmax over a padded vocabulary with a learned per-token logit bias.

y[i, j] = softmax_j(x[i, j] + bias[j])

bias is an nn.Parameter of shape (vocab,): learned, starting at zero, with the last `pad` entries (the
padding of the vocabulary to a multiple of the tensor-core tile) set to -inf so they never get probability.
x is (tokens, vocab) float32, y the same.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

tokens = 256
vocab = 32000
pad = 5

SHAPES = [dict(tokens=7, vocab=300), dict(tokens=3, vocab=2048)]


class Model(nn.Module):
    def __init__(self, vocab: int, pad: int):
        super().__init__()
        b = torch.zeros(vocab)
        b[vocab - pad:] = float("-inf")
        self.bias = nn.Parameter(b)

    def forward(self, x):
        return torch.softmax(x + self.bias, dim=-1)


def get_inputs():
    return [torch.randn(tokens, vocab) * 3.0]


def get_init_inputs():
    return [vocab, pad]
