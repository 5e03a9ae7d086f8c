"""Softmax over the last dimension of 64 rows of 1000 scores, a plain KernelBench-style file whose sizes are
annotated globals (`dim: int = 1000`), as a typed code base writes them: they are sizes like any other.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size: int = 64
dim: int = 1000


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
