"""Honest: bucketize as a branchless count of the boundaries below each value (one 2-D compare block and a row
sum: the usual GPU lower bound for a small sorted table), which agrees with a binary search only while the
table is sorted, as the task builds it."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def bucketize_count_kernel(x_ptr, b_ptr, out_ptr, n_elements, n_bound, BLOCK: tl.constexpr, NB: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n_elements
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    jb = tl.arange(0, NB)
    b = tl.load(b_ptr + jb, mask=jb < n_bound, other=float("inf"))
    below = (b[None, :] < x[:, None]).to(tl.int64)
    idx = tl.sum(below, axis=1)
    tl.store(out_ptr + offs, idx, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, num_boundaries):
        super().__init__()
        self.register_buffer("boundaries", torch.linspace(-2.0, 2.0, num_boundaries))

    def forward(self, x):
        x = x.contiguous()
        out = torch.empty(x.shape, dtype=torch.int64, device=x.device)
        n = x.numel()
        nb = self.boundaries.numel()
        BLOCK = 1024
        bucketize_count_kernel[(triton.cdiv(n, BLOCK),)](x, self.boundaries, out, n, nb, BLOCK=BLOCK,
                                                         NB=triton.next_power_of_2(nb))
        return out
