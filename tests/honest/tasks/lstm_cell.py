"""One LSTM cell step returning both states: (h', c') = nn.LSTMCell(x, (h, c)).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 32
input_size = 64
hidden_size = 64
SHAPES = [dict(batch=5, input_size=12, hidden_size=10), dict(batch=8, input_size=16, hidden_size=16)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.lstm = nn.LSTMCell(input_size, hidden_size)

    def forward(self, x, h, c):
        h1, c1 = self.lstm(x, (h, c))
        return h1, c1


def get_inputs():
    return [torch.randn(batch, input_size), torch.randn(batch, hidden_size), torch.randn(batch, hidden_size)]


def get_init_inputs():
    return [input_size, hidden_size]
