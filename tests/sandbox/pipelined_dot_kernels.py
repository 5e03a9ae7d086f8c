"""Kernels for tests/sandbox/test_pipelined_loops.py's dot-loop tests: each stores a 16x16 tile of `y` per
iteration and reads a tile back (the load is always `back = tl.load(...)`). KERNELS maps a name to (kernel,
whether Triton 3.9 makes `back` an asynchronous copy for sm_90, whether the interpreted run reads back a store
within the pipeliner's window: the judge's verdict is a race where both hold)."""

import triton
import triton.language as tl


@triton.jit
def feeds_dot(x_ptr, y_ptr, n):
    # plain `range`: the launch's num_stages (3) pipelines the dot's operands; `back` is the previous tile
    r = tl.arange(0, 16)
    t = r[:, None] * 16 + r[None, :]
    tl.store(y_ptr + t, tl.load(x_ptr + t))
    acc = tl.zeros([16, 16], tl.float32)
    for k in range(1, n):
        back = tl.load(y_ptr + (k - 1) * 256 + t)
        a = tl.load(x_ptr + k * 256 + t)
        tl.store(y_ptr + k * 256 + t, a + 1.0)
        acc = tl.dot(a, back, acc)
    tl.store(x_ptr + t, acc)


@triton.jit
def feeds_dot_through_math(x_ptr, y_ptr, n):
    r = tl.arange(0, 16)
    t = r[:, None] * 16 + r[None, :]
    tl.store(y_ptr + t, tl.load(x_ptr + t))
    acc = tl.zeros([16, 16], tl.float32)
    for k in range(1, n):
        back = tl.load(y_ptr + (k - 1) * 256 + t)
        a = tl.load(x_ptr + k * 256 + t)
        tl.store(y_ptr + k * 256 + t, a + 1.0)
        acc = tl.dot(a, tl.exp(back) * 2.0, acc)
    tl.store(x_ptr + t, acc)


@triton.jit
def not_feeding_dot(x_ptr, y_ptr, n):
    # `back` only goes into a store: a loop with a dot pipelines its operands only
    r = tl.arange(0, 16)
    t = r[:, None] * 16 + r[None, :]
    tl.store(y_ptr + t, tl.load(x_ptr + t))
    acc = tl.zeros([16, 16], tl.float32)
    for k in range(1, n):
        back = tl.load(y_ptr + (k - 1) * 256 + t)
        a = tl.load(x_ptr + k * 256 + t)
        tl.store(y_ptr + k * 256 + t, a + back)
        acc = tl.dot(a, a, acc)
    tl.store(x_ptr + t, acc)


@triton.jit
def previous_tile_s2(x_ptr, y_ptr, n):
    # num_stages=2: the copy for iteration k starts after iteration k - 1's store
    r = tl.arange(0, 16)
    t = r[:, None] * 16 + r[None, :]
    tl.store(y_ptr + t, tl.load(x_ptr + t))
    acc = tl.zeros([16, 16], tl.float32)
    for k in tl.range(1, n, num_stages=2):
        back = tl.load(y_ptr + (k - 1) * 256 + t)
        a = tl.load(x_ptr + k * 256 + t)
        tl.store(y_ptr + k * 256 + t, a + 1.0)
        acc = tl.dot(a, back, acc)
    tl.store(x_ptr + t, acc)


@triton.jit
def same_tile_s2(x_ptr, y_ptr, n):
    # num_stages=2: the copy for iteration k starts before iteration k's own store
    r = tl.arange(0, 16)
    t = r[:, None] * 16 + r[None, :]
    acc = tl.zeros([16, 16], tl.float32)
    for k in tl.range(1, n, num_stages=2):
        a = tl.load(x_ptr + k * 256 + t)
        tl.store(y_ptr + k * 256 + t, a + 1.0)
        back = tl.load(y_ptr + k * 256 + t)
        acc = tl.dot(a, back, acc)
    tl.store(x_ptr + t, acc)


KERNELS = {
    "feeds_dot": (feeds_dot, True, True),
    "feeds_dot_through_math": (feeds_dot_through_math, True, True),
    "not_feeding_dot": (not_feeding_dot, False, True),
    "previous_tile_s2": (previous_tile_s2, True, False),
    "same_tile_s2": (same_tile_s2, True, True),
}
