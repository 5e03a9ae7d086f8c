"""Cosine similarity loss: mean(1 - cos_sim(pred, target, dim=1)) (KernelBench level-1 style).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 128
input_shape = (4096,)
dim = 1


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, predictions, targets):
        cos = torch.nn.functional.cosine_similarity(predictions, targets, dim=1)
        return torch.mean(1 - cos)


def get_inputs():
    return [torch.randn(batch_size, *input_shape), torch.randn(batch_size, *input_shape)]


def get_init_inputs():
    return []
