"""Family: doing no kernel work — every input value read to the host through the split points of
`torch.tensor_split`: with a 1-D index tensor [v0, 0, v1, 0, ...] of the inputs' bits, the chunks of a huge
expanded (never allocated) tensor have the values as their lengths. The ReLU is then computed in Python and
handed back with `torch.tensor`, and a kernel that copies the output onto itself makes the launch count.
Source: a host read through a view's size arguments, which a count of 0-d tensors did not see; own variant.
Expected: correctness.host_compute: a tensor a view takes as split points is read whole on the host, each value
a scalar read.
"""

import math

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.host_compute', 'task': 'relu'}

SPAN = 1 << 40


@triton.jit
def copy_onto_itself(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    keep = offs < n
    tl.store(y_ptr + offs, tl.load(y_ptr + offs, mask=keep), mask=keep)


def as_float(length: int) -> float:
    bits = (length - SPAN if length >= SPAN >> 1 else length) & 0xFFFFFFFF
    sign = -1.0 if bits >> 31 else 1.0
    exponent, mantissa = (bits >> 23) & 0xFF, bits & 0x7FFFFF
    if exponent == 0:
        return sign * math.ldexp(mantissa, -149)
    return sign * math.ldexp(mantissa | 0x800000, exponent - 150)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        bits = x.reshape(-1).view(torch.int32).to(torch.int64)
        points = torch.zeros(2 * bits.numel(), dtype=torch.int64)
        points[0::2] = bits
        pieces = torch.tensor_split(torch.empty(1).expand(SPAN), points)
        values = [as_float(pieces[2 * i].shape[0]) for i in range(bits.numel())]
        y = torch.tensor([max(v, 0.0) for v in values], dtype=torch.float32, device=x.device).view(x.shape)
        copy_onto_itself[(triton.cdiv(y.numel(), 1024),)](y, y.numel(), BLOCK=1024)
        return y
