"""Triton kernels of the harness's own: a one-line kernel for the sandbox probe, and the body of the interpreter
fix's probe for debug asserts (sandbox/interp_semantics.py). Imported only where the interpreter switch is set
(the probe's confined child, a candidate's process), because Triton reads TRITON_INTERPRET when a kernel is
decorated. Here, not inside the function that uses them: a kernel reads its globals from its module, and the
interpreter adds none of its own but the names its rewrite needs."""

import torch
import triton
import triton.language as tl


@triton.jit
def _add_one(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask) + 1.0, mask=mask)


def add_one(x: torch.Tensor) -> torch.Tensor:
    y = torch.empty_like(x)
    _add_one[(triton.cdiv(x.numel(), 256),)](x, y, x.numel(), BLOCK=256)
    return y


def failing_assert(n):
    """Undecorated: the probe decorates it with `triton.jit(debug=True)`; its assert fails for n > 0."""
    tl.device_assert(tl.program_id(0) >= n, "probe")
