"""Feature selection with a boolean keep-mask over the feature axis: y = x * keep (keep broadcast over rows).
A user typically calls it on one batch of activations with several masks (ablations, feature dropout at eval).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 64
features = 2048
SHAPES = [dict(batch=8, features=300), dict(batch=5, features=777)]


class Model(nn.Module):
    def forward(self, x, keep):
        return x * keep.to(x.dtype)


def get_inputs():
    return [torch.randn(batch, features), torch.rand(features) > 0.3]


def get_init_inputs():
    return []
