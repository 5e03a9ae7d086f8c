"""Family: process games — an infinite loop in forward (burns the evaluation slot).
Source: Makora taxonomy (hangs); every RL kernel run sees these.
Expected: correctness stage, sandbox.timeout (killed at the deadline).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'sandbox.timeout', 'timeout_s': 2}


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
        while True:
            pass
