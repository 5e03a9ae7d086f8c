"""Family: doing no kernel work — `torch.__version__`/`triton.__version__` may be read (version gates), so the
file reads another module's dunder the same way: torch.nn.functional's `__dict__`, to reach softmax by a
string no rule on names sees.
Source: the `__version__` relaxation of the contract, turned around.
Expected: static stage, static.private_access (of dunders, only torch.__version__ and triton.__version__).
"""

import torch.nn.functional as F

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.private_access'}

NEW_TORCH = torch.__version__ >= "2"
OPS = F.__dict__


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
        return OPS["soft" + "max"](x, -1) if NEW_TORCH else x
