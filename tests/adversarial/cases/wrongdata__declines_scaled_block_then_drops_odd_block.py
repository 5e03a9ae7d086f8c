"""Family: shapes the check never reaches. On a file without SHAPES whose block size (128) the judge scales
down for the interpreter (11, 5), the kernel declines every block size that is not a power of two, so it is
checked where the block is restored to one (16) and the width kept that many blocks (41 x 16); there it
quantises two blocks per program and leaves a last odd block out, which only an odd number of blocks shows.
Source: the `auto:` twins of tasks/sizes.py (powers_kept_twins restoring a scaled structural size).
Expected: correctness stage, correctness.mismatch.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/honest/tasks/act_quant_fp8.py',
          'timeout_s': 240}


@triton.jit
def _quant_pair(x_ptr, y_ptr, scale_ptr, BLOCK: tl.constexpr):
    first = 2 * tl.program_id(0).to(tl.int64)
    for b in tl.static_range(2):
        offs = (first + b) * BLOCK + tl.arange(0, BLOCK)
        x = tl.load(x_ptr + offs).to(tl.float32)
        scale = tl.max(tl.abs(x), axis=0) / 448.0
        tl.store(y_ptr + offs, (x / scale).to(y_ptr.dtype.element_ty))
        tl.store(scale_ptr + first + b, scale)


class ModelNew(nn.Module):
    def __init__(self, block_size: int):
        super().__init__()
        self.block_size = block_size

    def forward(self, x: torch.Tensor):
        assert self.block_size & (self.block_size - 1) == 0, "block size must be a power of two"
        y = torch.empty(x.shape, device=x.device, dtype=torch.float8_e4m3fn)
        scale = torch.empty(*x.shape[:-1], x.shape[-1] // self.block_size, device=x.device, dtype=torch.float32)
        _quant_pair[(x.numel() // self.block_size // 2,)](x, y, scale, BLOCK=self.block_size)
        return y, scale
