"""Linear layer with bias followed by tanh-approximated GELU (KernelBench level-2 style).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 128
in_features = 512
out_features = 384


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x):
        return torch.nn.functional.gelu(self.linear(x), approximate="tanh")


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features]
