"""Family: doing no kernel work — every element read with float(x[i, j]) (a "metadata" call),
softmax computed in Python, output written element by element into a tensor.
Source: Makora taxonomy (host-side computation hidden in scalar reads).
Expected: correctness stage, correctness.host_compute (more than a few scalar reads are host compute).
"""

import math
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.host_compute', 'reason_contains': 'scalar reads'}


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
        n, d = x.shape
        vals = [[float(x[i, j]) for j in range(d)] for i in range(n)]
        out = []
        for row in vals:
            m = max(row)
            e = [math.exp(v - m) for v in row]
            s = sum(e)
            out.append([v / s for v in e])
        return torch.tensor(out, dtype=x.dtype)
