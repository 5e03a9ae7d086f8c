"""Row softmax over a sequence of scores, optionally returned in reversed position order (a right-to-left
decoder reads the positions from the end): y = softmax(x, -1), flipped along the last dimension when `reverse`.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 4096
cols = 1024
SHAPES = [dict(rows=33, cols=300), dict(rows=16, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, reverse: bool):
        y = torch.softmax(x, dim=-1)
        return y.flip(-1) if reverse else y


def get_inputs():
    return [torch.randn(rows, cols), False]


def get_init_inputs():
    return []
