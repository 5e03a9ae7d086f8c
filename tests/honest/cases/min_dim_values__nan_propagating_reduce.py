"""Honest: torch.min(dim)[0], tl.reduce with PropagateNan.ALL combine."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _min_nan(a, b):
    return tl.minimum(a, b, propagate_nan=tl.PropagateNan.ALL)


@triton.jit
def row_min_kernel(x_ptr, out_ptr, N, BLOCK_N: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    x_row = x_ptr + row * N
    run = tl.full([BLOCK_N], float("inf"), tl.float32)
    for off in range(0, N, BLOCK_N):
        cols = off + tl.arange(0, BLOCK_N)
        v = tl.load(x_row + cols, mask=cols < N, other=float("inf")).to(tl.float32)
        run = tl.minimum(run, v, propagate_nan=tl.PropagateNan.ALL)
    res = tl.reduce(run, 0, _min_nan)
    tl.store(out_ptr + row, res.to(out_ptr.dtype.element_ty))


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        assert self.dim in (-1, x.dim() - 1)
        x = x.contiguous()
        N = x.shape[-1]
        rows = x.numel() // N
        out = torch.empty(x.shape[:-1], device=x.device, dtype=x.dtype)
        row_min_kernel[(rows,)](x, out, N, BLOCK_N=256)
        return out
