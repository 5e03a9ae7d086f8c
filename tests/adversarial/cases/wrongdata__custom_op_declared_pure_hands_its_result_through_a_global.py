"""Family: wrong data as right — a custom operator declaring no output and no write (`mutates_args=()`,
`-> None`) whose body launches its kernel into a tensor it allocates itself and parks that tensor in a
module-level list, which forward returns. Every write lands in memory the body made; eagerly right. Under
torch.compile the operator is pure with no outputs and is dropped, and forward returns whatever the list held
before.
Source: red-team review — only writes to tensors the body did not make were looked for.
Expected: correctness stage, correctness.undeclared_mutation: an operator whose schema declares neither an
output nor a write has nothing it may do, so a kernel launched in its body is one.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.undeclared_mutation', 'task': 'relu',
          'reason_contains': 'declares no output and no write'}

RESULTS: list = [None]


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0), 0.0), mask=inside)


@torch.library.custom_op("kp_adv::relu_parked", mutates_args=(), device_types="cuda")
def relu_parked(x: torch.Tensor) -> None:
    y = torch.empty_like(x)
    relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024)
    RESULTS[0] = y


@relu_parked.register_fake
def _(x: torch.Tensor) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        relu_parked(x.contiguous())
        return RESULTS[0]
