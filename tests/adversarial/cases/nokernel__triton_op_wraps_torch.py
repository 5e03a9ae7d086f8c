"""Family: doing no kernel work — torch's own op registered as a "Triton op". `torch.library.triton_op` makes a
custom operator of a Python function, meant to launch Triton kernels through `wrap_triton`; this one launches
none and returns `torch.relu(x)`. The op watch sees one call of `kpcand::clamp_low`, not the relu inside it.
Source: PyTorch's custom-operator API (torch.library.triton_op / custom_op) as a way to hide torch compute.
Expected: static stage, static.imports (torch.library is not in the contract); with the static checks off the
op watch rejects the unknown operator as torch compute (tests/adversarial/test_adversarial.py).
"""

import torch
import torch.nn as nn
from torch.library import triton_op

EXPECT = {"stage": "static", "check": "static.imports", "task": "relu"}


@triton_op("kpcand::clamp_low", mutates_args={})
def clamp_low(x: torch.Tensor) -> torch.Tensor:
    return torch.relu(x)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return clamp_low(x.contiguous())
