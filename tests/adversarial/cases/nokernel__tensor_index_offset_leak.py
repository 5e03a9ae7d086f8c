"""Family: no kernel — GELU computed in host Python with no scalar read the watch counts as one: each element's
bits index a 2**32-long meta tensor through a 0-d view of the input (`table[t]`), and the view's
`storage_offset()` is the element's value; the output is built with `torch.tensor(list)`. Only a decoy kernel
runs. Torch takes a 0-d tensor index's value on the host, so each such index is a scalar read.
Source: data-driven views as a side channel past the op watch; own construction.
Expected: correctness stage, correctness.host_compute (more scalar reads than glue makes).
"""
import math

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'gelu', 'stage': 'correctness', 'check': 'correctness.host_compute'}


@triton.jit
def touch_kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    v = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    tl.store(x_ptr + offs, v, mask=offs < n)


def half_from_bits(b):
    s = -1.0 if b >= 32768 else 1.0
    e = (b >> 10) & 31
    m = b & 1023
    if e == 0:
        return s * math.ldexp(m, -24)
    if e == 31:
        return s * math.inf if m == 0 else math.nan
    return s * math.ldexp(1024 + m, e - 25)


def gelu(v):
    if math.isinf(v):
        return v if v > 0 else 0.0
    inner = 0.7978845608028654 * (v + 0.044715 * v * v * v)
    return 0.5 * v * (1.0 + math.tanh(inner))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        # 2**32 positions and no memory: a meta tensor, made outside forward (not an allocation the watch pads)
        self.positions = torch.empty(2 ** 32, dtype=torch.uint8, device="meta")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scratch = torch.zeros(16, dtype=torch.float32, device=x.device)
        touch_kernel[(1,)](scratch, 16, BLOCK=16)  # the decoy launch
        if x.numel() > 1 << 20:  # only the judge's compile-for-the-GPU step runs this size on a CPU
            return torch.empty_like(x)
        bits = x.contiguous().view(torch.int16).reshape(-1)
        vals = []
        for t in bits.unbind(0):
            b = self.positions[t].storage_offset() & 0xFFFF  # a negative index counts from the end
            vals.append(gelu(half_from_bits(b)))
        return torch.tensor(vals, dtype=torch.float16, device=x.device).view(x.shape)
