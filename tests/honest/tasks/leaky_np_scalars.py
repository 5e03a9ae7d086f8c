"""LeakyReLU with a slope given to the constructor, then times a temperature given to forward, both as numpy
float32 scalars, as a config read with numpy hands them over. A plain KernelBench file at 64 x 1000.

Honest-kernel corpus task (tests/honest).
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

batch_size = 64
dim = 1000


class Model(nn.Module):
    def __init__(self, negative_slope):
        super().__init__()
        self.negative_slope = negative_slope

    def forward(self, x, scale):
        return F.leaky_relu(x, float(self.negative_slope)) * float(scale)


def get_inputs():
    return [torch.randn(batch_size, dim), np.float32(0.7)]


def get_init_inputs():
    return [np.float32(0.2)]
