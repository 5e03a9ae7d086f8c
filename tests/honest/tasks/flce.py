"""Linear layer (no bias) into a vocabulary projection followed by mean cross entropy with ignore_index=-100
(Liger's fused linear cross entropy): loss = CE(x @ W.T, labels), fp32, 0-dim.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

tokens = 64
hidden = 64
vocab = 500
SHAPES = [dict(tokens=9, hidden=32, vocab=130), dict(tokens=20, hidden=48, vocab=77)]


class Model(nn.Module):
    def __init__(self, hidden, vocab):
        super().__init__()
        self.lm_head = nn.Linear(hidden, vocab, bias=False)

    def forward(self, x, labels):
        return F.cross_entropy(self.lm_head(x), labels, ignore_index=-100)


def get_inputs():
    labels = torch.randint(0, vocab, (tokens,))
    labels[1::5] = -100
    return [torch.randn(tokens, hidden), labels]


def get_init_inputs():
    return [hidden, vocab]
