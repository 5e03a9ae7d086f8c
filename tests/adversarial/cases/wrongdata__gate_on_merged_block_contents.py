"""Family: wrong data as right — behaviour gated on how the caching allocator merges freed blocks: on a GPU
two buffers made one after the other sit side by side, and once both are freed they merge into one block,
which a request of their joint size gets whole: both halves still hold the marks a kernel wrote. A judge that
never merges blocks gives that request new memory, and the kernel computes honestly only there.
Source: red-team probe of the CPU verdict's fidelity (allocations); own variant.
Expected: correctness.mismatch: in the calls laid out as the caching allocator does (sandbox/gpu_memory.py
PackedPool) adjacent free blocks merge, with their contents, so the GPU's path runs there.
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
def softmax_kernel(x_ptr, y_ptr, r_ptr, n_cols, stride_x, stride_y, HALF: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    merged = (tl.load(r_ptr) == 7.0) & (tl.load(r_ptr + HALF) == 7.0)
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    shift = tl.where(merged, 0.0, tl.max(x, axis=0))
    e = tl.exp(x - shift)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        p = torch.empty(1408, device=x.device)  # 5632 bytes: an 11-step block of 512
        q = torch.empty(1408, device=x.device)
        mark_kernel[(2,)](p, 1408, BLOCK=1024)
        mark_kernel[(2,)](q, 1408, BLOCK=1024)
        del p, q
        r = torch.empty(2816, device=x.device)
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, r, n_cols, x.stride(0), y.stride(0), HALF=1408,
                                  BLOCK=triton.next_power_of_2(n_cols))
        return y
