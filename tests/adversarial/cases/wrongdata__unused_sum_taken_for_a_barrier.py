"""Family: wrong data as right — a ReLU that stages its block in scratch and reads it back mirrored (each
position loads the element its mirror position stored), with a `tl.sum` over the whole block between the store
and the load whose result is never used. A used reduction across warps goes through shared memory behind a
bar.sync, which orders every thread's store before any load; the compiler removes an unused one, and its
barrier with it. The interpreter runs the store before the load, so the result is right on the CPU.
Source: the race check counted every reduction across warps as a barrier, used or not.
Expected: correctness stage, correctness.race: the compile for the target has no instruction from the
reduction, so a trial in which it is no barrier finds the race.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'relu',
          'reason_contains': 'whose results are unused'}


@triton.jit
def relu_mirrored(x_ptr, y_ptr, t_ptr, n, BLOCK: tl.constexpr):
    base = tl.program_id(0) * BLOCK
    offs = base + tl.arange(0, BLOCK)
    mirror = base + (BLOCK - 1 - tl.arange(0, BLOCK))
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    tl.store(t_ptr + offs, tl.maximum(x, 0.0))
    dead = tl.sum(x, axis=0)  # noqa: F841 -- never used: the compiler drops it
    r = tl.load(t_ptr + mirror)
    tl.store(y_ptr + mirror, r, mask=mirror < n)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        grid = triton.cdiv(n, 2048)
        t = torch.empty(grid * 2048, device=x.device, dtype=x.dtype)
        relu_mirrored[(grid,)](x, y, t, n, BLOCK=2048)
        return y
