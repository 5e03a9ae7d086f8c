"""Honest: the split column sum packaged as a `torch.library.triton_op` launched through `wrap_triton`, its
autotune configs carrying a `pre_hook` that zeroes the output before every launch. Eagerly (through the
dispatcher) `wrap_triton` hands back the autotuner itself, hooks and all; only torch.compile's tracing wrapper
refuses Config hooks, and this operator is never traced here."""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from torch.library import triton_op, wrap_triton


def _zero_sums(nargs):
    nargs["y_ptr"].zero_()


@triton.autotune(
    configs=[
        triton.Config({"BLOCK_R": 32, "BLOCK_C": 64}, num_warps=4, pre_hook=_zero_sums),
        triton.Config({"BLOCK_R": 16, "BLOCK_C": 128}, num_warps=4, pre_hook=_zero_sums),
    ],
    key=["n_rows", "n_cols"],
)
@triton.jit
def col_partial_sums(x_ptr, y_ptr, n_rows, n_cols, stride_r, BLOCK_R: tl.constexpr, BLOCK_C: tl.constexpr):
    rows = tl.program_id(0) * BLOCK_R + tl.arange(0, BLOCK_R)
    cols = tl.program_id(1) * BLOCK_C + tl.arange(0, BLOCK_C)
    inside = (rows[:, None] < n_rows) & (cols[None, :] < n_cols)
    tile = tl.load(x_ptr + rows[:, None] * stride_r + cols[None, :], mask=inside, other=0.0)
    tl.atomic_add(y_ptr + cols, tl.sum(tile, axis=0), mask=cols < n_cols)


@triton_op("kp_honest::col_sum", mutates_args={})
def col_sum(x: torch.Tensor) -> torch.Tensor:
    n_rows, n_cols = x.shape
    y = torch.empty(n_cols, device=x.device, dtype=torch.float32)

    def grid(meta):
        return (triton.cdiv(n_rows, meta["BLOCK_R"]), triton.cdiv(n_cols, meta["BLOCK_C"]))

    wrap_triton(col_partial_sums)[grid](x, y, n_rows, n_cols, x.stride(0))
    return y


class ModelNew(nn.Module):
    def forward(self, x):
        return col_sum(x.contiguous())
