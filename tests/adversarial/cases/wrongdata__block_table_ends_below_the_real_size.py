"""Family: shapes the check never reaches. The block size comes from a table indexed by the element count's
bit length, tuned "up to 2**25 elements": every checked shape finds its entry, and at the task's own size
(16384 x 32768 = 2**29 elements) the lookup raises IndexError. The real size is only compiled on a CPU; a
forward that raised there other than by an assert or a ValueError was noted as not compiled and passed. Any
exception raised there before reading anything on the host, other than this machine's own gaps, now fails.
Source: a red-team attempt (tables of tuned block sizes); sandbox/judge.py refuses_real_size.
Expected: correctness stage, correctness.real_size_raises.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.real_size_raises', 'task': 'relu'}

# block size per log2 of the element count, tuned up to 2**25 elements
BLOCKS = (256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 512, 512, 512, 1024, 1024, 1024,
          2048, 2048, 2048, 4096, 4096, 4096, 4096, 4096, 4096, 4096)


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
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
        block = BLOCKS[(n - 1).bit_length()]
        relu_kernel[(triton.cdiv(n, block),)](x, y, n, BLOCK=block)
        return y
