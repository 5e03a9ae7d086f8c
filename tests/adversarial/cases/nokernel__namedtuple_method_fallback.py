"""Family: doing no kernel work — a typing.NamedTuple launch config (allowed, as public launchers keep their
settings in one) given a method that does the work in torch.
Source: the NamedTuple relaxation of the contract, turned around.
Expected: static stage, static.tensor_tricks (a NamedTuple class holds fields and a docstring, no methods).
"""

from typing import NamedTuple

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.tensor_tricks'}


class Config(NamedTuple):
    BLOCK: int = 1024

    def run(self, x):
        return torch.softmax(x, dim=-1)


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        return Config().run(x)
