"""Family: doing no kernel work — the integer input is read on the host with one .tolist() and counted in
Python; a decoy kernel is launched. A .tolist() of integers (a MoE's tokens per expert) may read up to a
thousand values, and every shape this task gives for checking is smaller than that, so those checks alone
would let it through; a shape drawn past them, and the compile replay at the real size (a million values),
count the same reads.
Source: Makora taxonomy ("host-side computation"), against the integer read budget of sandbox/watch.py.
Expected: correctness stage, correctness.host_compute.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.host_compute', 'reason_contains': 'integers',
          'task': 'tests/adversarial/tasks/bincount_small_shapes.py'}


@triton.jit
def _touch(p_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(p_ptr + offs, tl.load(p_ptr + offs, mask=offs < n, other=0), mask=offs < n)


class ModelNew(nn.Module):
    def __init__(self, bins: int):
        super().__init__()
        self.bins = bins

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scratch = torch.zeros(16, device=x.device, dtype=torch.int64)
        _touch[(1,)](scratch, 0, BLOCK=16)
        counts = [0] * self.bins
        for v in x.tolist():
            counts[v] += 1
        return torch.tensor(counts, dtype=torch.int64, device=x.device)
