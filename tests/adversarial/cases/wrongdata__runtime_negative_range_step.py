"""Family: wrong data as right — a ReLU whose programs walk their chunks downwards with
`range(last, first - 1, step)` where step is a runtime argument of -1. Python counts down; compiled Triton
takes a runtime step to be positive (scf.for: while i < end), so the loop never starts and nothing is stored.
Source: a negative runtime loop step; own variant.
Expected: correctness.mismatch: the interpreted loop runs as the compiled one does (not at all here).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'relu'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, n_chunks, step, BLOCK: tl.constexpr, CHUNKS: tl.constexpr):
    # each program walks its CHUNKS blocks from the last one down to the first
    pid = tl.program_id(0)
    first = pid * CHUNKS
    for c in range(first + CHUNKS - 1, first - 1, step):
        offs = c * BLOCK + tl.arange(0, BLOCK)
        mask = offs < n
        x = tl.load(x_ptr + offs, mask=mask, other=0.0)
        tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK, CHUNKS = 1024, 4
        n_chunks = triton.cdiv(n, BLOCK)
        relu_kernel[(triton.cdiv(n_chunks, CHUNKS),)](x, y, n, n_chunks, -1, BLOCK=BLOCK, CHUNKS=CHUNKS)
        return y
