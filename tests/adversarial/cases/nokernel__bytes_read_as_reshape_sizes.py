"""Family: doing no kernel work — every byte of the input read to the host as a size: the bytes unbound into
0-d tensors and given to `reshape` as dimensions of an empty tensor, whose shape hands them back as ints. The
ReLU is then computed in Python and returned with `torch.tensor`; a kernel copies the output onto itself.
Source: a host read through a copy-or-view op's size arguments, which only views and allocations were counted
for; own variant.
Expected: correctness.host_compute: a 0-d tensor given to reshape (or pad, roll, flatten ...) as a size is a
scalar read.
"""

import math

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.host_compute', 'task': 'relu'}


@triton.jit
def copy_onto_itself(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    keep = offs < n
    tl.store(y_ptr + offs, tl.load(y_ptr + offs, mask=keep), mask=keep)


def host_bytes(t: torch.Tensor) -> list:
    parts = t.reshape(-1).view(torch.uint8).unbind(0)
    empty = torch.empty(0)
    out = []
    for k in range(0, len(parts), 4):
        out.extend(empty.reshape(*parts[k:k + 4], 0).shape[:-1])
    return out


def as_float(b0: int, b1: int, b2: int, b3: int) -> float:
    bits = b0 | b1 << 8 | b2 << 16 | b3 << 24
    sign = -1.0 if bits >> 31 else 1.0
    exponent, mantissa = (bits >> 23) & 0xFF, bits & 0x7FFFFF
    if exponent == 255:
        return sign * math.inf
    if exponent == 0:
        return sign * math.ldexp(mantissa, -149)
    return sign * math.ldexp(mantissa | 0x800000, exponent - 150)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b = host_bytes(x)
        values = [as_float(*b[i:i + 4]) for i in range(0, len(b), 4)]
        y = torch.tensor([max(v, 0.0) for v in values], dtype=torch.float32, device=x.device).view(x.shape)
        copy_onto_itself[(triton.cdiv(y.numel(), 1024),)](y, y.numel(), BLOCK=1024)
        return y
