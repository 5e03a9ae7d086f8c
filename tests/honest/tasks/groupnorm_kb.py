"""GroupNorm over an NCHW activation: num_groups groups of features / num_groups channels each, with the learned
per-channel affine. A plain KernelBench-format file (no SHAPES) of 16 x 48 channels in 6 groups, 128 x 192.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 16
features = 48
num_groups = 6
dim1 = 128
dim2 = 192


class Model(nn.Module):
    def __init__(self, num_features: int, num_groups: int):
        super().__init__()
        self.gn = nn.GroupNorm(num_groups=num_groups, num_channels=num_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.gn(x)


def get_inputs():
    x = torch.randn(batch_size, features, dim1, dim2)
    return [x]


def get_init_inputs():
    return [features, num_groups]
