"""Family: wrong data as right — a ReLU compiled with `@triton.jit(debug=True)` whose `tl.device_assert`
covers every lane of the block, the masked tail included: on a GPU the last program of any size that is not a
multiple of the block trips it (the debug build keeps the assert: `__assertfail` in its PTX), and the launch
ends with a device-side assert.
Source: red-team review — the interpreter's options never asked for debug checks, whatever the kernel said,
so its asserts (and its integer overflow checks) were never evaluated.
Expected: correctness stage, run.exception: a launch runs with the debug setting the compiler would give it (the
launch's, the jit function's, the runtime knob), and a failed assert raises there as on the GPU.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'task': 'relu', 'reason_contains': 'AssertionError'}


@triton.jit(debug=True)
def relu_checked(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.device_assert(offs < n, "index past the end")
    inside = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0), 0.0), mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        relu_checked[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024)
        return y
