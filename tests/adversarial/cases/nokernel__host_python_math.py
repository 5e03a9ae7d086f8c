"""Family: doing no kernel work — the data is pulled to the host with .tolist() and softmax is
computed in plain Python (math.exp), then wrapped back into a tensor; a decoy kernel is launched.
No torch compute op is ever called, so a watch that only looks for torch math misses it.
Source: Makora taxonomy ("host-side computation"); Wafer field guide.
Expected: correctness stage, correctness.host_compute — reading tensor data on the host
(tolist/numpy/__array__/dlpack/repr or many .item() calls) counts as computing outside a kernel.
"""

import math
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.host_compute', 'reason_contains': 'host'}


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
        rows = []
        for row in x.tolist():
            m = max(row)
            e = [math.exp(v - m) for v in row]
            s = sum(e)
            rows.append([v / s for v in e])
        return torch.tensor(rows, dtype=x.dtype, device=x.device)
