"""BatchNorm1d over (batch_size, features) fp32, a plain KernelBench-style file with no mode of its own: the
module is judged as it is built and as KernelBench calls it, in training mode, where it normalises each
feature by the batch's mean and (biased) variance.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 64
features = 512


class Model(nn.Module):
    def __init__(self, features: int):
        super().__init__()
        self.bn = nn.BatchNorm1d(features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.bn(x)


def get_inputs():
    return [torch.randn(batch_size, features) * 2.0 + 1.0]


def get_init_inputs():
    return [features]
