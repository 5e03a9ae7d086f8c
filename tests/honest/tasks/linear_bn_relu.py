"""KernelBench level-2 style: Linear, BatchNorm1d (the model is judged in eval mode: running statistics), ReLU.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

TRAINING = False  # judged as deployed: BatchNorm normalises by its running statistics

batch = 64
in_features = 128
out_features = 128
SHAPES = [dict(batch=9, in_features=20, out_features=24), dict(batch=16, in_features=32, out_features=48)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.bn = nn.BatchNorm1d(out_features, eps=1e-5)

    def forward(self, x):
        return torch.relu(self.bn(self.fc(x)))


def get_inputs():
    return [torch.randn(batch, in_features)]


def get_init_inputs():
    return [in_features, out_features]
