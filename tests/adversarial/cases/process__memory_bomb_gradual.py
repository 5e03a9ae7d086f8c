"""Family: process games — a memory bomb that grows in 256 MB steps (each step allowed on its own).
Source: Makora taxonomy (resource exhaustion).
Expected: sandbox stage, sandbox.memory. (The test lowers the sandbox's memory limit to 3 GB so that
touching the pages takes seconds, not a minute, on a small CI machine.)
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'sandbox', 'check': 'sandbox.memory', 'memory_mb': 3072}


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
        hog = []
        while True:
            hog.append(bytearray(256 << 20))
