"""Kernels for tests/sandbox/test_float_atomics.py."""

import triton
import triton.language as tl


@triton.jit
def bf16_add(y_ptr, x_ptr, BLOCK: tl.constexpr):
    # every program adds its block into the same BLOCK elements of y; two lanes of a program hit element 0
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + tl.program_id(0) * BLOCK + offs)
    old = tl.atomic_add(y_ptr + tl.where(offs == 1, 0, offs), x, sem="relaxed")
    tl.store(x_ptr + tl.program_id(0) * BLOCK + offs, old)


@triton.jit
def f32_exchange(y_ptr, x_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    old = tl.atomic_xchg(y_ptr + offs, tl.load(x_ptr + offs))
    tl.store(x_ptr + offs, old)
