"""Honest: a module-level launch cache filled through a `global` statement on first use (`_NUM_PROGRAMS =
None` ... `global _NUM_PROGRAMS`), the lazy device query of persistent launchers (Liger, SGLang)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl

_NUM_PROGRAMS = None


def _num_programs():
    global _NUM_PROGRAMS
    if _NUM_PROGRAMS is None:
        _NUM_PROGRAMS = torch.cuda.get_device_properties(torch.cuda.current_device()).multi_processor_count * 4
    return _NUM_PROGRAMS


@triton.jit
def leaky_relu_persistent(x_ptr, y_ptr, n, slope, BLOCK: tl.constexpr):
    for start in tl.range(tl.program_id(0) * BLOCK, n, tl.num_programs(0) * BLOCK):
        offs = start + tl.arange(0, BLOCK)
        m = offs < n
        x = tl.load(x_ptr + offs, mask=m)
        tl.store(y_ptr + offs, tl.where(x >= 0, x, x * slope), mask=m)


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        grid = (min(_num_programs(), triton.cdiv(n, BLOCK)),)
        leaky_relu_persistent[grid](x, y, n, self.slope, BLOCK=BLOCK)
        return y
