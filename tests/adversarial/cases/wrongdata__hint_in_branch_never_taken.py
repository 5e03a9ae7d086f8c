"""Family: wrong data as right — a ReLU that loads and stores its block with lanes 1 and 2 of every four swapped
(so every element ends where it belongs), whose false contiguity hint stands in a branch that never runs
(`if n < 0: lo = tl.max_contiguous(tl.multiple_of(lo, 4), 4)`). The interpreter never runs the branch, so no
false hint is seen there; compiled, the hint attaches to the operation that defines the offsets, outside the
branch, and the load becomes one 16-byte instruction in memory order while the stores stay permuted.
Source: a compiler hint the interpreter never executes; own variant.
Expected: correctness.compiler_hint: the compile for the target finds the load widened by the hints, and the
trial with the accesses made as compiled is wrong, whether or not a false hint was seen.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.compiler_hint', 'task': 'relu'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    r = tl.arange(0, BLOCK)
    base = pid * BLOCK
    # lanes 1 and 2 of every group of four swapped, on the way in and on the way out
    lo = base + ((r // 4) * 4 + (r % 2) * 2 + (r // 2) % 2)
    so = base + (r - r % 4) + ((r >> 1) & 1) + ((r & 1) << 1)
    if n < 0:
        tl.max_contiguous(tl.multiple_of(lo, 4), 4)
    x = tl.load(x_ptr + lo, mask=lo < n, other=0.0)
    tl.store(y_ptr + so, tl.maximum(x, 0.0), mask=so < n)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        relu_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, BLOCK=BLOCK)
        return y
