"""Log-magnitude features of 64 rows of 8192 values: log(|x|), with |x| floored at the machine epsilon of the
input's own dtype (`torch.finfo(x.dtype).eps`), so an exact zero gives a large negative number, not -inf. A plain
KernelBench file whose reference reads its input's dtype.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 64
dim = 8192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.log(x.abs().clamp(min=torch.finfo(x.dtype).eps))


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
