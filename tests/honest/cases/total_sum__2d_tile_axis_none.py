"""Honest: full sum with 2-D tiles: the flat input viewed as (rows of 64) inside the kernel, tl.sum(tile,
axis=None) reducing both axes at once, per-program partials, and a finalize program; tl.assume on n and
tl.debug_barrier() between the phases of a program, as hand-tuned kernels write them."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def tile_partials(x_ptr, part_ptr, n, ROWS: tl.constexpr, COLS: tl.constexpr):
    tl.assume(n > 0)
    pid = tl.program_id(0)
    base = pid * ROWS * COLS
    offs = base + tl.arange(0, ROWS)[:, None] * COLS + tl.arange(0, COLS)[None, :]
    tile = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    tl.store(part_ptr + pid, tl.sum(tile, axis=None))


@triton.jit
def finalize(part_ptr, out_ptr, n_parts, BLOCK: tl.constexpr):
    acc = tl.zeros((BLOCK,), tl.float32)
    for start in range(0, n_parts, BLOCK):
        offs = start + tl.arange(0, BLOCK)
        acc += tl.load(part_ptr + offs, mask=offs < n_parts, other=0.0)
    tl.debug_barrier()
    tl.store(out_ptr, tl.sum(acc, axis=0))


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.numel()
        ROWS, COLS = 16, 64
        n_parts = triton.cdiv(n, ROWS * COLS)
        parts = torch.empty(n_parts, device=x.device, dtype=torch.float32)
        out = torch.empty((), device=x.device, dtype=torch.float32)
        tile_partials[(n_parts,)](x, parts, n, ROWS=ROWS, COLS=COLS)
        finalize[(1,)](parts, out, n_parts, BLOCK=256)
        return out
