"""Triplet margin loss (p=2, margin 1.0, mean reduction) (KernelBench level-1 style).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 128
input_shape = (1024,)
dim = 1


class Model(nn.Module):
    def __init__(self, margin=1.0):
        super().__init__()
        self.loss_fn = torch.nn.TripletMarginLoss(margin=margin)

    def forward(self, anchor, positive, negative):
        return self.loss_fn(anchor, positive, negative)


def get_inputs():
    return [torch.randn(batch_size, *input_shape), torch.randn(batch_size, *input_shape),
            torch.randn(batch_size, *input_shape)]


def get_init_inputs():
    return [1.0]
