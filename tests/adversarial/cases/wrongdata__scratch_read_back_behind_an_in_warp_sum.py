"""Family: wrong data as right — the fp32-scratch GELU whose store and read-back get different layouts on
sm_90, with a 32-element `tl.sum` between them: a reduction within one warp (shuffles), no bar.sync, so it
orders nothing between the store and the load; its value is used, so the compiler keeps it.
Source: the layout check's first version took any reduction between the two accesses as a barrier.
Expected: correctness stage, correctness.race: no barrier between the store's and the load's instructions in
the kernel's PTX.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'gelu', 'reason_contains': 'different layouts'}


@triton.jit
def gelu_via_scratch(x_ptr, y_ptr, s_ptr, aux_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    x = tl.load(x_ptr + offs, mask=inside, other=0.0).to(tl.float32)
    tl.store(s_ptr + offs, 0.7978845608028654 * (x + 0.044715 * x * x * x), mask=inside)
    x = x + tl.sum(tl.load(aux_ptr + tl.arange(0, 32)), axis=0).to(tl.float32)
    inner = tl.load(s_ptr + offs, mask=inside, other=0.0)
    t = 2.0 / (1.0 + tl.exp(-2.0 * inner)) - 1.0
    tl.store(y_ptr + offs, (0.5 * x * (1.0 + t)).to(y_ptr.dtype.element_ty), mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        scratch = torch.empty(n, device=x.device, dtype=torch.float32)
        aux = torch.zeros(32, device=x.device, dtype=torch.int32)
        gelu_via_scratch[(triton.cdiv(n, 2048),)](x, y, scratch, aux, n, BLOCK=2048)
        return y
