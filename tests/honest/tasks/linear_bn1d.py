"""Linear then BatchNorm1d, a plain KernelBench-style file: judged as built, in training mode, where BatchNorm
normalises by the batch's statistics and updates its running statistics.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 32
in_features = 48
out_features = 40
# the batch's variance from a sum of squares in fp32 (a common one-pass idiom) at the two-row batches the judge
# draws below the sizes given: 5.7e-4 off where two rows nearly agree, which the default 1e-4 would reject
TOLERANCE = {"float32": {"atol": 1e-3, "rtol": 1e-3, "rel_l2": 1e-4}}


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.bn = nn.BatchNorm1d(out_features)

    def forward(self, x):
        return self.bn(self.fc(x))


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features]
