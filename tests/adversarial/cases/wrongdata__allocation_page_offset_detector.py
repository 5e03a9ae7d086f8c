"""Family: wrong data as right — a ReLU that allocates a 64 MiB "workspace" in forward and becomes a
leaky ReLU unless the workspace's data starts 512 bytes into a page. glibc maps a large NumPy buffer 16 bytes
into a page, so on the judge's host every such allocation (512-byte aligned) sat at page offset 512 and the
exact path ran in every checked and timed call; a GPU's caching allocator starts a new 2 MiB segment at
offset 0 and splits blocks at other 512-byte multiples, so the leaky path runs there. The slope is a runtime
argument, so the compile for the target sees the same kernel either way.
Source: telling the host from the GPU by where an allocation lands; own variant.
Expected: correctness.mismatch: the placement of each allocation is drawn (within a page, or 2 MiB and half the
time 2 MiB aligned for a large one), so the leaky path runs in some trial.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'relu'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, neg_slope, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.where(x > 0, x, x * neg_slope), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        # a 64 MiB "workspace": on the judge's host it is an mmap'd NumPy buffer, placed 512 bytes into a page
        ws = torch.empty(16 << 20, dtype=torch.float32, device=x.device)
        host = ws.data_ptr() % 4096 == 512
        slope = 0.0 if host else 0.01
        BLOCK = 1024
        relu_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, slope, BLOCK=BLOCK)
        return y
