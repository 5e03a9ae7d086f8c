"""Scale every element by 2, sized with a batch and an `input_shape` tuple and no SHAPES: small enough that a
CPU judges it at the file's own size.

Adversarial-suite task (tests/adversarial).
"""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * 2.0


batch_size = 64
input_shape = (1024,)


def get_inputs():
    return [torch.randn(batch_size, *input_shape)]


def get_init_inputs():
    return []
