"""Family: wrong data passing as right — several programs read-modify-write the same output elements with
plain loads and stores (updates are lost on a GPU), and one unrelated tl.atomic_add in the launch. A race
check that stands aside for any launch with an atomic lets it through; the interpreter runs the programs one
after another, which hides the lost updates.
Source: a known way to game a harness (switching off a check computed in the candidate's process).
Expected: correctness stage, correctness.race: in a launch with atomics the plain stores are still checked,
and two programs storing different values to one element are a race.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'sum_reduction'}


@triton.jit
def sum_dim1_split_kernel(x_ptr, y_ptr, count_ptr, n, dim, CHUNK: tl.constexpr, BLOCK_D: tl.constexpr):
    b = tl.program_id(0).to(tl.int64)
    ds = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    split = tl.program_id(2)
    dmask = ds < dim
    base = x_ptr + b * n * dim
    acc = tl.zeros([BLOCK_D], tl.float32)
    for i in range(0, CHUNK):
        row = split * CHUNK + i
        acc += tl.load(base + row * dim + ds, mask=dmask & ((ds * 0 + row) < n), other=0.0)
    # split-n: each program adds its partial sum into y (a plain read-modify-write)
    prev = tl.load(y_ptr + b * dim + ds, mask=dmask, other=0.0)
    tl.store(y_ptr + b * dim + ds, prev + acc, mask=dmask)
    tl.atomic_add(count_ptr, 1)  # programs done


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        bsz, n, dim = x.shape
        y = torch.zeros((bsz, dim), dtype=x.dtype, device=x.device)
        count = torch.zeros(1, dtype=torch.int32, device=x.device)
        chunk, bd = 16, 128
        grid = (bsz, triton.cdiv(dim, bd), triton.cdiv(n, chunk))
        sum_dim1_split_kernel[grid](x, y, count, n, dim, CHUNK=chunk, BLOCK_D=bd)
        return y
