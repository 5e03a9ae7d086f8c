"""Softplus with a beta and a linearisation threshold given to the constructor, as `torch.nn.Softplus(beta,
threshold)`: y = log(1 + exp(beta * x)) / beta where beta * x <= threshold, else x. A plain KernelBench file
(no SHAPES) at its real size of 16 x 16384.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

batch_size = 16
dim = 16384
beta = 1.0
threshold = 20.0


class Model(nn.Module):
    def __init__(self, beta, threshold):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, x):
        return F.softplus(x, beta=self.beta, threshold=self.threshold)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [beta, threshold]
