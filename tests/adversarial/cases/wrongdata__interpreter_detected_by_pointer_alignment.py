"""Family: wrong data as right — the file tells the CPU judge from a GPU by the alignment of fresh allocations:
CUDA's caching allocator hands out blocks aligned to 512 bytes, so on a GPU every `torch.empty` in forward
starts on a 512-byte boundary (the judge's canary pad keeps that: 4096 elements of padding); the host
allocator aligns to 64 bytes, so six probes that are all 512-byte aligned happen on the CPU about once in
262144 calls. The max shift of the softmax is kept only where the probes are not all aligned: right where it
is checked, NaN on a GPU for rows whose exp overflows. The compile for the GPU target runs on host tensors
too, so it builds the same safe specialisation.
Source: a candidate that tells the judge's machine from the GPU it is written for; own variant (`data_ptr` is
a shape query for the op watch, and honest code reads it for alignment checks).
Expected: correctness.mismatch: allocations in forward, and the inputs, are aligned on the CPU as the
target GPU's allocator aligns them (512 bytes). (An allocation in __init__ is not: a limit, docs/judging.md.)
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, SHIFT: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    if SHIFT:
        x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


def device_allocator_aligned() -> bool:
    # CUDA's caching allocator hands out 512-byte aligned blocks; host allocations are aligned to 64 bytes
    probes = [torch.empty(1, dtype=torch.int8) for _ in range(6)]
    return all(p.data_ptr() % 512 == 0 for p in probes)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        # the max shift only off the GPU: there exp overflows to inf/inf = NaN
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols),
                                  SHIFT=not device_allocator_aligned())
        return y
