"""Per-channel image normalisation (x - mean[c]) / std[c] of an NCHW fp32 batch; the means and standard
deviations are given at construction as tuples of floats (torchvision's Normalize, ImageNet statistics).

A KernelBench-format task of the adversarial suite.
"""

import torch
import torch.nn as nn

batch = 16
channels = 3
height = 224
width = 224
mean = (0.485, 0.456, 0.406)
std = (0.229, 0.224, 0.225)

SHAPES = [dict(batch=2, height=17, width=23), dict(batch=1, height=32, width=32)]


class Model(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.mean = tuple(mean)
        self.std = tuple(std)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        m = torch.tensor(self.mean, dtype=x.dtype, device=x.device).view(1, -1, 1, 1)
        s = torch.tensor(self.std, dtype=x.dtype, device=x.device).view(1, -1, 1, 1)
        return (x - m) / s


def get_inputs():
    return [torch.rand(batch, channels, height, width)]


def get_init_inputs():
    return [mean, std]
