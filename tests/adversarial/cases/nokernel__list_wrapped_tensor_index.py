"""Family: no kernel work — a gather written as indexing with a tensor inside a list. `weight[[ids]]` is
torch's advanced indexing (a gather done by torch), but an index check that only looks at the index's top
level takes it for a view. A kernel that copies the result onto itself supplies the launch.
Source: a known way to game a harness (torch work the op watch classes as glue).
Expected: correctness stage, correctness.torch_compute: an index holding a tensor, a list or an array at any
depth is a gather.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_compute', 'task': 'embedding'}


@triton.jit
def touch_kernel(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    v = tl.load(y_ptr + offs, mask=m)
    tl.store(y_ptr + offs, v, mask=m)


class ModelNew(nn.Module):
    def __init__(self, vocab: int, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(vocab, dim, dtype=torch.float16))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        y = self.weight[[ids]]
        n = y.numel()
        touch_kernel[(triton.cdiv(n, 1024),)](y, n, BLOCK=1024)
        return y
