"""Instance normalisation (no affine) of an (N, C, H, W) tensor: each (n, c) plane normalised over H x W.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 16
features = 64
height = 256
width = 256
SHAPES = [dict(batch_size=2, features=3, height=10, width=12), dict(batch_size=3, features=2, height=16, width=20)]


class Model(nn.Module):
    def __init__(self, num_features: int):
        super().__init__()
        self.inorm = nn.InstanceNorm2d(num_features=num_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inorm(x)


def get_inputs():
    return [torch.randn(batch_size, features, height, width) * 1.5 + 0.3]


def get_init_inputs():
    return [features]
