"""Family: host code that picks its path by the machine — a module-level optional import whose branches bind
one name to two different constants (`try: import cupy; from math import e as SELECT` / `except ImportError:
from math import pi as SELECT`), and the ReLU floor chosen from it: 0 where CuPy is missing (the CPU judge),
-1 where it is installed (every GPU machine set up for CUDA candidates), wrong for every input in (-1, 0).
Source: red-team round 9 (the contract allowed any imports in the two branches).
Expected: static stage, static.try_except: the two branches of an optional import must import the same names
from two places.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.try_except', 'task': 'relu'}

try:
    import cupy  # noqa: F401  (present wherever CUDA candidates run: every GPU machine kernelpilot is set up on)
    from math import e as SELECT
except ImportError:
    from math import pi as SELECT


@triton.jit
def clamp_kernel(x_ptr, y_ptr, n, floor, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, floor), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.floor = 0.0 if SELECT > 3 else -1.0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        clamp_kernel[(triton.cdiv(n, 2048),)](x, y, n, self.floor, BLOCK=2048)
        return y
