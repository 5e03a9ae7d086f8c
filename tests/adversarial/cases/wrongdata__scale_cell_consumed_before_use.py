"""Family: wrong data as right — a ReLU whose programs each read a one-shot scale cell (1.0) as one value, mark
it consumed with a one-element store (0.0) and only then multiply their block by what they read. Every thread
of the program makes the load, thread 0 alone the store; on a GPU a warp that reaches its load after thread 0's
store reads 0.0 and writes zeros. The interpreter loads before it stores, so the result is right on the CPU.
Source: write-after-read within one program through a one-element load and store, the store made before the
value is used in a block.
Expected: correctness stage, correctness.race: a one-element store over an element the program had loaded as
one value, whose value then reaches a block.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'relu', 'reason_contains': 'stored over an element'}


@triton.jit
def relu_scaled_once(x_ptr, y_ptr, cell_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    s = tl.load(cell_ptr + pid)
    tl.store(cell_ptr + pid, 0.0)
    x = tl.load(x_ptr + offs, mask=inside, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, 0.0) * s, mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        grid = triton.cdiv(n, 4096)
        cells = torch.ones(grid, device=x.device, dtype=torch.float32)
        relu_scaled_once[(grid,)](x, y, cells, n, BLOCK=4096)
        return y
