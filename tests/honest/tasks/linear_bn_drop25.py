"""Linear, BatchNorm1d and a Dropout of p = 0.25: training mode draws at random, so the model is judged in eval
mode (BatchNorm by its running statistics, the dropout the identity).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 32
in_features = 48
out_features = 40


class Model(nn.Module):
    def __init__(self, in_features, out_features, p):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.bn = nn.BatchNorm1d(out_features)
        self.drop = nn.Dropout(p)

    def forward(self, x):
        return self.drop(torch.relu(self.bn(self.fc(x))))


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features, 0.25]
