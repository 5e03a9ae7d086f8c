"""Kernels for tests/sandbox/test_pipelined_loops.py: each reads back, in a loop, chunks of `y` that the same
program stored in earlier iterations (the load is always named `back`, so its TTGIR copy is `%back_N`).
KERNELS maps a name to (kernel, constexprs, whether Triton 3.9 pipelines `back` for sm_90, whether the load
reads a store the pipeliner has not issued yet: the verdict sandbox/pipelining.py must give)."""

import triton
import triton.language as tl


@triton.jit
def prev_s3(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr + r, tl.load(x_ptr + r))
    for k in tl.range(1, n, num_stages=3):
        back = tl.load(y_ptr + (k - 1) * BLOCK + r)
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + back)


@triton.jit
def same_iteration(x_ptr, y_ptr, n, BLOCK: tl.constexpr, S: tl.constexpr):
    r = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], tl.float32)
    for k in tl.range(0, n, num_stages=S):
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) * 2)
        back = tl.load(y_ptr + k * BLOCK + r)
        acc += back
    tl.store(x_ptr + r, acc)


@triton.jit
def behind(x_ptr, y_ptr, n, BLOCK: tl.constexpr, S: tl.constexpr, D: tl.constexpr):
    r = tl.arange(0, BLOCK)
    for k in tl.range(0, D, num_stages=1):
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r))
    for k in tl.range(D, n, num_stages=S):
        back = tl.load(y_ptr + (k - D) * BLOCK + r)
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + back)


@triton.jit
def plain_range(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr + r, tl.load(x_ptr + r))
    for k in range(1, n):
        back = tl.load(y_ptr + (k - 1) * BLOCK + r)
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + back)


@triton.jit
def with_barrier(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr + r, tl.load(x_ptr + r))
    for k in tl.range(1, n, num_stages=3):
        tl.debug_barrier()
        back = tl.load(y_ptr + (k - 1) * BLOCK + r)
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + back)


@triton.jit
def with_print(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr + r, tl.load(x_ptr + r))
    for k in tl.range(1, n, num_stages=3):
        back = tl.load(y_ptr + (k - 1) * BLOCK + r)
        if k > n:
            tl.device_print("never", k)
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + back)


@triton.jit
def runtime_if(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    for k in tl.range(0, n, num_stages=3):
        carry = tl.zeros([BLOCK], tl.float32)
        if k > 0:
            back = tl.load(y_ptr + (k - 1) * BLOCK + r)
            carry = back
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + carry)


@triton.jit
def constexpr_if(x_ptr, y_ptr, n, BLOCK: tl.constexpr, CARRY: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr + r, tl.load(x_ptr + r))
    for k in tl.range(1, n, num_stages=3):
        carry = tl.zeros([BLOCK], tl.float32)
        if CARRY:
            back = tl.load(y_ptr + (k - 1) * BLOCK + r)
            carry = back
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + carry)


@triton.jit
def carried_only(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    back = tl.zeros([BLOCK], tl.float32)
    for k in tl.range(0, n, num_stages=3):
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + back)
        back = tl.load(y_ptr + k * BLOCK + r)


@triton.jit
def nested_loop(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr + r, tl.load(x_ptr + r))
    for k in tl.range(1, n, num_stages=3):
        back = tl.load(y_ptr + (k - 1) * BLOCK + r)
        s = tl.zeros([BLOCK], tl.float32)
        for j in range(0, 2):
            s += tl.load(x_ptr + j * BLOCK + r)
        tl.store(y_ptr + k * BLOCK + r, s + back)


@triton.jit
def _chunk(p, r):
    return tl.load(p + r)


@triton.jit
def in_helper(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr + r, tl.load(x_ptr + r))
    for k in tl.range(1, n, num_stages=3):
        back = _chunk(y_ptr + (k - 1) * BLOCK, r)
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + back)


@triton.jit
def passed_on(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr + r, tl.load(x_ptr + r))
    older = tl.zeros([BLOCK], tl.float32)
    last = tl.zeros([BLOCK], tl.float32)
    for k in tl.range(1, n, num_stages=3):
        back = tl.load(y_ptr + (k - 1) * BLOCK + r)
        x = tl.load(x_ptr + k * BLOCK + r)
        tl.store(y_ptr + k * BLOCK + r, x + back + older)
        older = last
        last = x
    tl.store(x_ptr + r, older + last)


@triton.jit
def scalar_carry(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr, tl.sum(tl.load(x_ptr + r)))
    for k in tl.range(1, n, num_stages=3):
        back = tl.load(y_ptr + k - 1)
        tl.store(y_ptr + k, tl.sum(tl.load(x_ptr + k * BLOCK + r)) + back)


@triton.jit
def other_rows(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    # stores into y and loads x only: nothing read back
    r = tl.arange(0, BLOCK)
    for k in tl.range(0, n, num_stages=3):
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) * 2)
        back = tl.load(x_ptr + ((k + 1) % n) * BLOCK + r)
        tl.store(y_ptr + k * BLOCK + r, back, mask=r < 0)


@triton.jit
def short_constant_trip(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    r = tl.arange(0, BLOCK)
    tl.store(y_ptr + r, tl.load(x_ptr + r))
    for k in tl.range(1, 3, num_stages=3):  # two iterations: the prologue still issues both loads
        back = tl.load(y_ptr + (k - 1) * BLOCK + r)
        tl.store(y_ptr + k * BLOCK + r, tl.load(x_ptr + k * BLOCK + r) + back)


KERNELS = {
    "prev_s3": (prev_s3, {}, True, True),
    "same_iteration_s3": (same_iteration, {"S": 3}, True, True),
    "same_iteration_s2": (same_iteration, {"S": 2}, True, True),
    "one_behind_s2": (behind, {"S": 2, "D": 1}, True, False),
    "two_behind_s3": (behind, {"S": 3, "D": 2}, True, False),
    "two_behind_s4": (behind, {"S": 4, "D": 2}, True, True),
    "plain_range": (plain_range, {}, False, False),
    "with_barrier": (with_barrier, {}, False, False),
    "with_print": (with_print, {}, False, False),
    "runtime_if": (runtime_if, {}, False, False),
    "constexpr_if": (constexpr_if, {"CARRY": True}, True, True),
    "carried_only": (carried_only, {}, False, False),
    "nested_loop": (nested_loop, {}, False, False),
    "in_helper": (in_helper, {}, True, True),
    "passed_on": (passed_on, {}, False, False),
    "scalar_carry": (scalar_carry, {}, True, True),
    "other_rows": (other_rows, {}, True, False),
    "short_constant_trip": (short_constant_trip, {}, True, True),
}
