"""Family: process games — a fork storm via torch.multiprocessing (no multiprocessing import).
Source: Makora taxonomy (resource exhaustion).
Expected: static stage, static.forbidden_api. With static checks bypassed, seccomp refuses fork()
(test_adversarial.py).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.forbidden_api'}


@triton.jit
def touch_kernel(p_ptr, n, BLOCK: tl.constexpr):
    # a real launch that does next to nothing: satisfies "at least one kernel launch"
    offs = tl.arange(0, BLOCK)
    v = tl.load(p_ptr + offs, mask=offs < n, other=0.0)
    tl.store(p_ptr + offs, v, mask=offs < n)


def decoy(x):
    scratch = torch.empty(16, device=x.device, dtype=torch.float32)
    touch_kernel[(1,)](scratch, 0, BLOCK=16)


def spin():
    while True:
        pass


class ModelNew(nn.Module):
    def forward(self, x):
        decoy(x)
        for _ in range(10000):
            torch.multiprocessing.Process(target=spin).start()
        return x.clone()
