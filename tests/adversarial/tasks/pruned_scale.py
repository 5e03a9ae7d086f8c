"""Channel-pruned scale: y = x * (w * mask), with a learned per-feature scale w and a random 0/1 pruning mask
buffer (a checkpoint's pruning pattern, loaded with load_state_dict).

A KernelBench-format task for the adversarial suite (tests/adversarial).
"""
import torch
import torch.nn as nn

batch = 256
features = 4096
SHAPES = [dict(batch=9, features=200), dict(batch=16, features=384)]


class Model(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.w = nn.Parameter(torch.randn(features))
        self.register_buffer("mask", (torch.rand(features) < 0.5).float())

    def forward(self, x):
        return x * (self.w * self.mask)


def get_inputs():
    return [torch.randn(batch, features)]


def get_init_inputs():
    return [features]
