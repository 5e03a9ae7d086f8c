"""Family: wrong data as right — a ReLU whose programs load their block in a shuffled lane order (lanes 1 and
2 of every four swapped) and store it back to the same shuffled places, so that every element ends where it
belongs; the load's offsets are hinted contiguous (`tl.max_contiguous(tl.multiple_of(...))`), the store's are
computed another way and not hinted. The Triton interpreter ignores hints and is exact. The GPU compiler
believes the hint and loads four floats per instruction in their memory order, while the store still puts
them where the shuffle says: two of every four outputs are swapped. Every group starts on a 16-byte boundary,
so nothing faults.
Source: a compiler hint that lies on a load only; own variant.
Expected: correctness.compiler_hint: the hint is false, the compile for the target shows that it widens the
load, and that load made as the GPU makes it gives a wrong result.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.compiler_hint', 'task': 'relu',
          'reason_contains': 'kernel is wrong'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    base = tl.program_id(0) * BLOCK
    lane = tl.arange(0, BLOCK)
    load_lane = (lane & ~3) | ((lane & 1) << 1) | ((lane >> 1) & 1)
    src = tl.max_contiguous(tl.multiple_of(base + load_lane, BLOCK), BLOCK)
    store_lane = (lane // 4) * 4 + (lane % 2) * 2 + (lane // 2) % 2
    x = tl.load(x_ptr + src, mask=src < n, other=0.0)
    dst = base + store_lane
    tl.store(y_ptr + dst, tl.maximum(x, 0.0), mask=dst < n)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        relu_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, BLOCK=BLOCK, num_warps=4)
        return y
