"""Linear (in_features -> out_features, with bias), exact GELU, then sum over the features (keepdim): a
(batch_size, 1) output. A plain KernelBench-format file (no SHAPES).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 128
in_features = 1024
out_features = 2048


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x):
        x = self.linear(x)
        x = torch.nn.functional.gelu(x)
        return torch.sum(x, dim=1, keepdim=True)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features]
