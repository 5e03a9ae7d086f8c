"""Honest: a row max that propagates NaN as torch.amax does, Inductor-style: a (BLOCK_M, BLOCK_N) running
maximum over column chunks (a tl.range loop, padding read as -inf) folded along the columns by tl.reduce, both
through one helper combine `tl.maximum(a, b, propagate_nan=tl.PropagateNan.ALL)` instead of tl.max's default
combine, which does not promise to keep a NaN."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _max_nan(a, b):
    return tl.maximum(a, b, propagate_nan=tl.PropagateNan.ALL)


@triton.jit
def amax_kernel(x_ptr, out_ptr, M, N, stride_m, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    rows = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rmask = rows < M
    acc = tl.full([BLOCK_M, BLOCK_N], float("-inf"), dtype=tl.float32)
    for n0 in tl.range(0, N, BLOCK_N):
        cols = n0 + tl.arange(0, BLOCK_N)
        mask = rmask[:, None] & (cols[None, :] < N)
        x = tl.load(x_ptr + rows[:, None].to(tl.int64) * stride_m + cols[None, :], mask=mask,
                    other=float("-inf"))
        acc = _max_nan(acc, x)
    res = tl.reduce(acc, 1, _max_nan)
    tl.store(out_ptr + rows, res, mask=rmask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        M, N = x.shape
        out = torch.empty(M, dtype=x.dtype, device=x.device)
        BLOCK_M, BLOCK_N = 4, 512
        amax_kernel[(triton.cdiv(M, BLOCK_M),)](x, out, M, N, x.stride(0),
                                                BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N)
        return out
