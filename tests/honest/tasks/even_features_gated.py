"""The even-numbered features of 256 x 8192 activations (`x[:, ::2]`: an inner stride of 2), times a
per-feature gate row that the caller broadcast over the batch (`expand`: a batch stride of 0), plus a learned
shift, through tanh. A plain KernelBench file; every size may go down to 1, where one element of `x[:, ::2]`
is contiguous by torch's rule and still has a stride of 2.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 256
feat = 4096


class Model(nn.Module):
    def __init__(self, feat):
        super().__init__()
        self.shift = nn.Parameter(torch.randn(feat) * 0.1)

    def forward(self, x, gate):
        return torch.tanh(x * gate + self.shift)


def get_inputs():
    acts = torch.randn(batch, 2 * feat)
    gate = torch.rand(1, feat) + 0.5
    return [acts[:, ::2], gate.expand(batch, feat)]


def get_init_inputs():
    return [feat]
