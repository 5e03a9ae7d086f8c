"""fp16 linear layer with bias followed by hardswish.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 64
in_features = 768
out_features = 512


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features).half()

    def forward(self, x):
        return torch.nn.functional.hardswish(self.fc(x))


def get_inputs():
    return [torch.randn(batch_size, in_features, dtype=torch.float16)]


def get_init_inputs():
    return [in_features, out_features]
