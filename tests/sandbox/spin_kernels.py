"""Kernels for tests/sandbox/test_spin_waits.py."""

import triton
import triton.language as tl


@triton.jit
def waits_for_the_next(flag_ptr, out_ptr):
    # program 0 waits until program 1 has raised its flag: met on a GPU, never when program 0 runs first
    pid = tl.program_id(0)
    if pid == 0:
        while tl.atomic_add(flag_ptr + 1, 0, sem="acquire") == 0:
            pass
        tl.store(out_ptr, 1)
    else:
        tl.atomic_xchg(flag_ptr + 1, 1, sem="release")
