"""Family: wrong data (an all-zero group, which scattered zeros never make)
Source: the per_token_group_quant formula written from memory, the `max(amax, eps)` guard and the clamp (|x| / scale <= 448 by construction) left out
Expected: correctness.mismatch on the exact_zeros family, which zeroes one whole row of each input too where the
          reference stays finite (judge.plan_zeros): NaN against 0

Per-token-group fp8 quantisation whose scale is max|x| / 448 with no floor (the reference clamps the absmax to
at least 1e-10): an all-zero group gives scale 0 and 0 / 0 = NaN for every element of it.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/group_absmax_scales.py"}

@triton.jit
def group_quant_kernel(x_ptr, y_ptr, s_ptr, GROUP: tl.constexpr):
    g = tl.program_id(0).to(tl.int64)
    offs = g * GROUP + tl.arange(0, GROUP)
    x = tl.load(x_ptr + offs).to(tl.float32)
    scale = tl.max(tl.abs(x), axis=0) / 448.0
    q = (x / scale).to(tl.float8e4nv)
    tl.store(y_ptr + offs, q.to(tl.float32) * scale)
    tl.store(s_ptr + g, scale)


class ModelNew(nn.Module):
    def __init__(self, group: int):
        super().__init__()
        self.group = group

    def forward(self, x: torch.Tensor):
        x = x.contiguous()
        T, Hd = x.shape
        y = torch.empty((T, Hd), dtype=torch.float32, device=x.device)
        scales = torch.empty((T, Hd // self.group), dtype=torch.float32, device=x.device)
        group_quant_kernel[(T * (Hd // self.group),)](x, y, scales, GROUP=self.group)
        return y, scales
