"""Family: process games — a memory bomb with a builtin (no import): bytearray(1 << 40).
Source: Makora taxonomy (resource exhaustion); KernelBench #146 (inputs too big).
Expected: sandbox stage, sandbox.memory (the address-space rlimit turns it into a MemoryError).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'sandbox', 'check': 'sandbox.memory'}


@triton.jit
def touch_kernel(p_ptr, n, BLOCK: tl.constexpr):
    # a real launch that does next to nothing: satisfies "at least one kernel launch"
    offs = tl.arange(0, BLOCK)
    v = tl.load(p_ptr + offs, mask=offs < n, other=0.0)
    tl.store(p_ptr + offs, v, mask=offs < n)


def decoy(x):
    scratch = torch.empty(16, device=x.device, dtype=torch.float32)
    touch_kernel[(1,)](scratch, 0, BLOCK=16)


class ModelNew(nn.Module):
    def forward(self, x):
        decoy(x)
        hog = bytearray(1 << 40)
        return x.clone() + len(hog)
