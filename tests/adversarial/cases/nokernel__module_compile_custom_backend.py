"""Family: doing no kernel work — `nn.Module.compile(backend=fn)` on a submodule, torch.compile under another
name: TorchDynamo hands the file's `backend(gm, example_inputs)` the traced graph and runs the callable it
returns as the compiled frame, outside the op watch, where it computes the softmax with torch. A decoy Triton
kernel is launched so a launch is counted.
Source: the public nn.Module API (`Module.compile`, PyTorch 2.2+), which calls torch.compile on the module's
forward; torch.compile itself is refused by name.
Expected: static stage, static.forbidden_api (`.compile` on any object is refused, as torch.compile is).
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


def backend(gm, example_inputs):
    def run(*args):
        t = [a for a in args if isinstance(a, torch.Tensor)][0]
        return (torch.softmax(t, -1),)
    return run


class Inner(nn.Module):
    def forward(self, x):
        return x.clone()


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Inner()
        self.inner.compile(backend=backend, dynamic=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.inner(x)
        touch_kernel[(1,)](y, 1, BLOCK=16)
        return y
