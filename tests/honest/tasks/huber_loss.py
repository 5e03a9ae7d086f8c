"""Smooth L1 (Huber) loss, mean over every element of (batch, dim) predictions and targets.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

batch_size = 128
dim = 4096
SHAPES = [dict(batch_size=4, dim=300), dict(batch_size=3, dim=1024)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, predictions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return F.smooth_l1_loss(predictions, targets)


def get_inputs():
    return [torch.randn(batch_size, dim), torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
