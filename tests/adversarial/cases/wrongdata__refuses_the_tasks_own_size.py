"""Family: shapes the check never reaches. The kernel's host code asserts the tensor holds at most 2**24
elements, which every checked shape does; the task is for 16384 x 32768 elements, where it raises. On a CPU
the real size is only compiled, nothing computed, and a forward that raised there was noted as "not compiled
at the real size" and passed; on the GPU it fails at once. Raising before reading any value on the host
follows from the sizes alone, which are the GPU's: it is now the verdict.
Source: kernels that cap their problem size (a single-block grid, an int32 offset guard) below the task's.
Expected: correctness stage, correctness.real_size_raises.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.real_size_raises', 'task': 'relu'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=mask, other=0.0), 0.0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        assert x.numel() <= 1 << 24, "inputs past 2**24 elements are not supported"
        x = x.contiguous()
        y = torch.empty_like(x)
        relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024)
        return y
