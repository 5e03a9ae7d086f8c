"""Family: wrong data as right — behaviour gated on how the caching allocator splits a freed block: on a GPU
a 16 KiB buffer marked by a kernel and freed is split for the small requests that follow, so many of them
start inside it and hold the mark; a judge that hands a freed block out whole, to one request, shows the mark
at most once, and the kernel computes honestly only there. No address is compared.
Source: red-team probe of the CPU verdict's fidelity (allocations); own variant.
Expected: correctness.mismatch: in the calls laid out as the caching allocator does (sandbox/gpu_memory.py
PackedPool) a freed block is split from the front and the rest handed to the next requests, with its
contents, so the GPU's path runs there.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

# mismatch, or outside_kernels where the second-inputs call is the first whose draw shows the GPU's path
EXPECT = {'stage': 'correctness', 'check': 'correctness.'}


@triton.jit
def mark_kernel(p_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(p_ptr + offs, tl.full((BLOCK,), 7.0, tl.float32), mask=offs < n)


@triton.jit
def softmax_kernel(x_ptr, y_ptr, heads_ptr, n_cols, stride_x, stride_y, NH: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    marked = tl.sum((tl.load(heads_ptr + tl.arange(0, NH)) == 7.0).to(tl.int32), axis=0)
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    shift = tl.where(marked < 2, tl.max(x, axis=0), 0.0)
    e = tl.exp(x - shift)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        big = torch.empty(4096, device=x.device)
        mark_kernel[(4,)](big, big.numel(), BLOCK=1024)
        del big
        pieces = [torch.empty(128, device=x.device) for _ in range(16)]
        heads = torch.cat([p[:1] for p in pieces])
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, heads, n_cols, x.stride(0), y.stride(0), NH=16,
                                  BLOCK=triton.next_power_of_2(n_cols))
        return y
