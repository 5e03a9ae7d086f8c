"""Leaky ReLU then scale, configured through a dict passed to the constructor.

The HF-style `Model(config)` pattern: the module reads its floats from a config mapping.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 64
cols = 512
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def __init__(self, config: dict):
        super().__init__()
        self.slope = config["negative_slope"]
        self.scale = config["scale"]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.leaky_relu(x, self.slope) * self.scale


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return [{"negative_slope": 0.1, "scale": 1.5}]
