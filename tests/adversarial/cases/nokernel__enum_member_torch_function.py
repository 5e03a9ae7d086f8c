"""Family: doing no kernel work — the reference op kept as the value of an enum member (enums are allowed as
records of literal members since public kernels use them for activation choices), called in forward.
Source: the enum relaxation of the contract (xformers/attorch `class Activation(Enum)`), turned around.
Expected: static stage, static.tensor_tricks (an enum member's value is a literal or auto()).
"""

import enum

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.tensor_tricks'}


class Op(enum.Enum):
    SOFTMAX = torch.softmax
    IDENTITY = 0


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
        return Op.SOFTMAX.value(x, dim=-1)
