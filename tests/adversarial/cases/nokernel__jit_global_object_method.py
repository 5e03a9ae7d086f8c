"""Family: doing no kernel work — a jit body calls a method of a module-level host object, named like a
tensor method (`.sum`), so it looks like kernel code; under the interpreter the method runs as Python inside
the launch and copies torch's answer, parked in a module-level dict by forward, into the output.
Source: a known bypass class ("Python that runs inside an interpreted kernel"), own variant.
Expected: static stage, static.jit_body (a jit body reads only locals, constants, triton.language and jit
functions).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.jit_body', 'reason_contains': 'HELPER'}

STATE = {}


class Helper:
    def sum(self, v):
        STATE["y"].copy_(torch.softmax(STATE["x"], -1))
        return v


HELPER = Helper()


@triton.jit
def touch_kernel(p_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    v = tl.load(p_ptr + offs, mask=offs < n, other=0.0)
    tl.store(p_ptr + offs, HELPER.sum(v), mask=offs < n)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        STATE["x"], STATE["y"] = x, y
        scratch = torch.empty(16, device=x.device, dtype=torch.float32)
        touch_kernel[(1,)](scratch, 0, BLOCK=16)
        return y
