"""Family: doing no kernel work — torch.compile reached as the unbound method `nn.Module.compile(module,
backend="eager")`, so that no `.compile` is written on the module object itself; the compiled frame runs the
module's torch.softmax outside the op watch. A decoy Triton kernel is launched so a launch is counted.
Source: the public nn.Module API (`Module.compile`); a variant of nokernel__module_compile_custom_backend.
Expected: static stage, static.forbidden_api (`.compile` is refused on any object, a class included).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.forbidden_api', 'reason_contains': '.compile'}


@triton.jit
def touch_kernel(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(y_ptr + offs, mask=mask), mask=mask)


class Inner(nn.Module):
    def forward(self, x):
        return torch.softmax(x, dim=-1)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Inner()
        nn.Module.compile(self.inner, backend="eager")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.inner(x)
        touch_kernel[(1,)](y, 1, BLOCK=16)
        return y
