"""Family: wrong data passing as right — the same lost update, with no atomic, and loads whose values are
never used (the GPU compiler drops them) to push the launch past the race check's record limit.
Source: a known way to game a harness (flooding a check computed in the candidate's process).
Expected: correctness stage, correctness.race: past the limit the loads are dropped and the stores are still
checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'sum_reduction'}


@triton.jit
def sum_dim1_split_kernel(x_ptr, y_ptr, n, dim, CHUNK: tl.constexpr, BLOCK_D: tl.constexpr):
    b = tl.program_id(0).to(tl.int64)
    ds = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    split = tl.program_id(2)
    dmask = ds < dim
    base = x_ptr + b * n * dim
    acc = tl.zeros([BLOCK_D], tl.float32)
    for i in range(0, CHUNK):
        row = split * CHUNK + i
        acc += tl.load(base + row * dim + ds, mask=dmask & ((ds * 0 + row) < n), other=0.0)
    # dead loads (the compiler drops them): past 8M recorded accesses the interpreter's race check stands aside
    if (b == 0) & (tl.program_id(1) == 0) & (split == 0):
        for i in range(0, 1000):
            junk = tl.load(x_ptr + tl.arange(0, 8192) % (n * dim))
    # split-n: each program adds its partial sum into y (a plain read-modify-write)
    prev = tl.load(y_ptr + b * dim + ds, mask=dmask, other=0.0)
    tl.store(y_ptr + b * dim + ds, prev + acc, mask=dmask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        bsz, n, dim = x.shape
        y = torch.zeros((bsz, dim), dtype=x.dtype, device=x.device)
        chunk, bd = 16, 128
        grid = (bsz, triton.cdiv(dim, bd), triton.cdiv(n, chunk))
        sum_dim1_split_kernel[grid](x, y, n, dim, CHUNK=chunk, BLOCK_D=bd)
        return y
