"""Honest: bucketize against a learned sorted threshold table, as the count of thresholds below each
element (the whole table loaded once per program, compared against a block of x, summed), Triton."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def count_below_kernel(x_ptr, b_ptr, out_ptr, n, nb,
                       BLOCK: tl.constexpr, NB: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    kb = tl.arange(0, NB)
    b = tl.load(b_ptr + kb, mask=kb < nb, other=float("inf"))
    below = (b[None, :] < x[:, None]).to(tl.int64)
    cnt = tl.sum(below, axis=1)
    tl.store(out_ptr + offs, cnt, mask=m)


class ModelNew(nn.Module):
    def __init__(self, nb: int):
        super().__init__()
        self.boundaries = nn.Parameter(torch.linspace(-2.5, 2.5, nb))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        b = self.boundaries.detach().contiguous()
        out = torch.empty(x.shape, dtype=torch.int64, device=x.device)
        n = x.numel()
        nb = b.numel()
        BLOCK = 256
        NB = max(16, triton.next_power_of_2(nb))
        count_below_kernel[(triton.cdiv(n, BLOCK),)](x, b, out, n, nb, BLOCK=BLOCK, NB=NB)
        return out
