"""Family: wrongdata — the candidate's file defines the task's own metadata (TOLERANCE of 1e9, a SHAPES entry
of one tiny row, an empty INPUT_CASES, FIXED_BUFFERS, a get_inputs of zeros) beside a kernel that writes zeros.
Source: KernelBench-format files keep the metadata beside Model; a candidate that copies the file's layout.
Expected: correctness stage, correctness.mismatch (the judge reads the task from the task file only).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}

TOLERANCE = {"float32": {"atol": 1e9, "rtol": 1e9, "rel_l2": 1e9}}
SHAPES = [dict(batch_size=1, dim=4)]
INPUT_CASES = {}
FIXED_BUFFERS = ()


def get_inputs():
    return [torch.zeros(1, 4)]


@triton.jit
def zero_kernel(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(y_ptr + offs, tl.zeros([BLOCK], dtype=tl.float32), mask=offs < n)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        y = torch.empty_like(x)
        n = y.numel()
        zero_kernel[(triton.cdiv(n, 1024),)](y, n, BLOCK=1024)
        return y
