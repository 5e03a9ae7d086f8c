"""Family: right only on the GPU the check imagines. A persistent ReLU with `min(4 * SM count, blocks)`
programs striding over the blocks, of which only the first 64 do any work (a cap written into the kernel).
Shown a 16-SM GPU there are at most 64 programs and it is right; on a whole H100 (132 SMs, 528 programs) the
blocks of programs 64 and up are never written. The checks show the whole GPU, as the machine the verdict is
for does; the smallest MIG instance is a second look, never the only one.
Source: a red-team attempt against a checker that showed only the 16-SM instance; tasks/devices.checked_as.
Expected: correctness stage, correctness.mismatch.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'relu'}

CTAS_PER_SM = 4
MAX_CTAS = 64  # persistent grid: never more programs than this


@triton.jit
def relu_persistent(x_ptr, y_ptr, n, MAX_CTAS: tl.constexpr, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    nprog = tl.num_programs(0)
    if pid < MAX_CTAS:
        n_blocks = tl.cdiv(n, BLOCK)
        for blk in range(pid, n_blocks, nprog):
            offs = blk.to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
            mask = offs < n
            x = tl.load(x_ptr + offs, mask=mask, other=0.0)
            tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        block = 64
        sms = torch.cuda.get_device_properties(x.device).multi_processor_count
        grid = (min(CTAS_PER_SM * sms, triton.cdiv(n, block)),)
        relu_persistent[grid](x, y, n, MAX_CTAS=MAX_CTAS, BLOCK=block)
        return y
