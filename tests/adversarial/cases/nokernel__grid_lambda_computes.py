"""Family: doing no kernel work — the launch's grid function (the usual `grid = lambda meta: ...` idiom)
closes over forward's tensors and computes the answer with torch; Triton calls it inside the launch,
where the op watch let everything through as the kernel's own bookkeeping. A decoy kernel is launched.
Source: a known bypass class ("while a kernel runs the op watch lets everything through"), own variant.
Expected: correctness stage, correctness.torch_compute: the launch wrapper calls the grid function (and any
pre-run hooks) before the launch starts, under the watch (watch.host_code_first). With the contract on, static.triton_callback refuses it first (a
function Triton calls back writes nothing); the case runs with the contract off to test the watch.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_compute', 'reason_contains': 'softmax', 'switch_off': ['static_checks']}


@triton.jit
def touch_kernel(p_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    v = tl.load(p_ptr + offs, mask=offs < n, other=0.0)
    tl.store(p_ptr + offs, v, mask=offs < n)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        scratch = torch.empty(16, device=x.device, dtype=torch.float32)
        grid = lambda meta: (1 + 0 * y.copy_(torch.softmax(x, -1)).shape[0],)
        touch_kernel[grid](scratch, 0, BLOCK=16)
        return y
