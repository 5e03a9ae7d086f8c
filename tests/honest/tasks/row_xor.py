"""XOR of each row of an int32 matrix (a row checksum).

Honest-kernel corpus task (tests/honest).
"""
import functools
import torch
import torch.nn as nn

rows = 256
cols = 512
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=512)]


class Model(nn.Module):
    def forward(self, x):
        return functools.reduce(torch.bitwise_xor, x.unbind(1))


def get_inputs():
    return [torch.randint(-2**31, 2**31 - 1, (rows, cols), dtype=torch.int32)]


def get_init_inputs():
    return []
