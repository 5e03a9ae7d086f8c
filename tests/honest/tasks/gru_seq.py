"""KernelBench level-3 style recurrent layer: a single-layer nn.GRU (batch_first) over a whole sequence from a
zero initial state; returns the output sequence (batch, seq, hidden).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 4
seq_len = 64
input_size = 32
hidden_size = 32
SHAPES = [dict(batch=3, seq_len=5, input_size=12, hidden_size=10), dict(batch=2, seq_len=8, input_size=16, hidden_size=16)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.gru = nn.GRU(input_size, hidden_size, batch_first=True)

    def forward(self, x):
        out, _ = self.gru(x)
        return out


def get_inputs():
    return [torch.randn(batch, seq_len, input_size)]


def get_init_inputs():
    return [input_size, hidden_size]
