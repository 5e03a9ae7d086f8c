"""torch.sinc of sample offsets (windowed-sinc resampling): each row holds one output sample's offsets to the
input samples, in increasing order (sorted), of both signs; an offset of exactly 0 (an output sample on an input
sample's position) has sinc 1.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 16
dim = 1024
SHAPES = [dict(batch=3, dim=37), dict(batch=4, dim=64)]
TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, offsets):
        return torch.sinc(offsets)


def get_inputs():
    return [torch.sort(torch.randn(batch, dim) * 4.0, dim=-1).values]


def get_init_inputs():
    return []
