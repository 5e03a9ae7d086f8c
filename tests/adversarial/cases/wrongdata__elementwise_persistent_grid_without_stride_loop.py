"""Family: shapes the check never reaches. A "persistent" elementwise GELU launched on four programs per SM
(528 on an H100's 132, 64 on its 16-SM MIG instance) of 1024 elements each, without the grid-stride loop a
persistent kernel needs: every element past the first 4 x SMs blocks is never written. Every given, drawn and
real-length shape of the task fits in 64 blocks, so neither the whole GPU nor the 16-SM look saw it; at the real
size nearly the whole output is garbage. The "many programs" shape (tasks/sizes.py `many_programs_shape`: the
output past 2**18 elements, 257 blocks or more) is still within 528 blocks, and is wrong in the 16-SM look, which
every shape gets where the host code reads the GPU's properties.
Source: persistent-kernel launch code (a grid sized from `multi_processor_count`) kept while the loop was lost.
Expected: correctness stage, correctness.mismatch at the many-programs shape on 16 SMs.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'gelu',
          'reason_contains': 'many programs'}


@triton.jit
def gelu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0).to(tl.float32)
    u = 0.7978845608028654 * (x + 0.044715 * x * x * x)
    e = tl.exp(-2.0 * tl.abs(u))
    t = (1.0 - e) / (1.0 + e)
    t = tl.where(u < 0, -t, t)
    tl.store(y_ptr + offs, (0.5 * x * (1.0 + t)).to(y_ptr.dtype.element_ty), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        sms = torch.cuda.get_device_properties(x.device).multi_processor_count
        gelu_kernel[(min(triton.cdiv(n, 1024), 4 * sms),)](x, y, n, BLOCK=1024)
        return y
