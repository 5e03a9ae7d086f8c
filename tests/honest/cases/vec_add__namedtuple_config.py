"""Honest: launch settings held in a `typing.NamedTuple` (`class LaunchConfig(NamedTuple): BLOCK: int`), and a
second one made with `collections.namedtuple` and literal field names, as public launchers keep them."""

import collections
from typing import NamedTuple

import torch
import torch.nn as nn
import triton
import triton.language as tl


class LaunchConfig(NamedTuple):
    """Block size and warps of the add kernel."""

    BLOCK: int
    num_warps: int = 4


Grid1D = collections.namedtuple("Grid1D", ["programs", "block"])

CONFIG = LaunchConfig(BLOCK=512)


@triton.jit
def _vec_add_kernel(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=mask) + tl.load(y_ptr + offs, mask=mask), mask=mask)


def grid_for(n, cfg):
    return Grid1D(programs=triton.cdiv(n, cfg.BLOCK), block=cfg.BLOCK)


class ModelNew(nn.Module):
    def forward(self, x, y):
        out = torch.empty_like(x)
        n = x.numel()
        g = grid_for(n, CONFIG)
        _vec_add_kernel[(g.programs,)](x, y, out, n, BLOCK=g.block, num_warps=CONFIG.num_warps)
        return out
