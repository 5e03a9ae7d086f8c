"""Family: wrong data as right — the file binds a module-level function named `_kp_interp_loop`, the helper
the judge's interpreter alignment (sandbox/interp_semantics.py, `loop_vars_as_tensors`) writes into every
rewritten kernel: `for T in F(args)` becomes `for T in _kp_interp_loop(F, args)`, found in the kernel's module
globals, where the interpreter adds its own names only if the module has none of that name. The file's
helper makes every loop of every kernel run zero times. The kernel halves x once in a loop before the ReLU,
so on a GPU, which runs the loop, the result is relu(x) / 2; interpreted, the loop never runs and the result
is relu(x).
Source: the interpreter's name lookup in the kernel's module globals; own variant.
Expected: static stage: a module-level binding of a name the interpreter or the judge injects into kernels is
refused (and the injected helpers are the ones the rewritten kernels use, whatever the module binds).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'relu', 'stage': 'static', 'check': 'static.', 'reason_contains': '_kp_interp_loop'}


def _kp_interp_loop(callee, *args, **kwargs):
    return iter([])  # every loop in every kernel runs zero times under the interpreter


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    for i in range(1):
        x = x * 0.5  # runs on a GPU, not here
    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        relu_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, BLOCK=BLOCK)
        return y
