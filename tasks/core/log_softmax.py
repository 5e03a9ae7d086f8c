"""Row-wise log-softmax over a language-model vocabulary (fp32 logits).

y[i, j] = x[i, j] - max_k x[i, k] - log(sum_k exp(x[i, k] - max_k x[i, k]))

Shapes: x is (tokens, vocab) float32 with vocab = 50257 (GPT-2's vocabulary, not a power
of two); y has the same shape and dtype. Logits are scaled so that a naive exp overflows.
Memory-bound: one read and one write of the logits is the floor (a kernel that reads the
row twice pays 1.5x).
Source: the log-probabilities of an LM head (torch.log_softmax), used by sampling and by
cross-entropy / KL losses.
"""

import torch
import torch.nn as nn

tokens = 8192
vocab = 50257

SHAPES = [
    dict(tokens=6, vocab=1000),
    dict(tokens=3, vocab=5003),
]

TOLERANCE = {"float32": {"atol": 2e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.log_softmax(x, dim=-1)


def get_inputs():
    return [torch.randn(tokens, vocab) * 30.0]


def get_init_inputs():
    return []


def flops(x):
    return 4.0 * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size()
