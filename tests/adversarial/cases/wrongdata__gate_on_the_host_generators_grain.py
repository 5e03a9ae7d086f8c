"""Family: wrong data as right — behaviour gated on which generator drew a tensor: fp32 `torch.rand` on the
host gives multiples of 2**-24 only, CUDA's (curand_uniform: u * 2**-32 + 2**-33) gives finer values below
0.5. A kernel checks a draw's grain and is honest only on the host's.
Source: a red-team finding against this harness (the CPU judge told apart by its random numbers' bits).
Expected: correctness.mismatch: an fp32 `torch.rand` on a tensor that stands for the GPU's gets CUDA's values
(tasks/devices.py _rand_as_cuda), so the GPU's path is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "relu"}


@triton.jit
def probe_kernel(r_ptr, flag_ptr, N: tl.constexpr):
    offs = tl.arange(0, N)
    r = tl.load(r_ptr + offs)
    s = r * 16777216.0
    frac = s - tl.floor(s)
    bad = tl.sum((frac != 0.0).to(tl.int32), axis=0)
    tl.store(flag_ptr, (bad == 0).to(tl.int32))


@triton.jit
def relu_kernel(x_ptr, y_ptr, flag_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    f = tl.load(flag_ptr)
    y = tl.where(f != 0, tl.maximum(x, 0.0), x)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        r = torch.rand(1024, device=x.device)
        flag = torch.empty(1, dtype=torch.int32, device=x.device)
        probe_kernel[(1,)](r, flag, N=1024)
        block = 4096
        relu_kernel[(triton.cdiv(n, block),)](x, y, flag, n, BLOCK=block)
        return y
