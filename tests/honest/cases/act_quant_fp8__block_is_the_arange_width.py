"""Honest: block-wise FP8 quantisation written the way inference engines do: one program per block, the block
being `tl.arange(0, BLOCK)` with BLOCK the model's block size, which only a power of two can be; the host
asserts that the width is a whole number of blocks. It cannot run at a block size scaled to an odd value."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _quant_block(x_ptr, y_ptr, scale_ptr, BLOCK: tl.constexpr):
    block = tl.program_id(0).to(tl.int64)
    offs = block * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs).to(tl.float32)
    scale = tl.max(tl.abs(x), axis=0) / 448.0
    tl.store(y_ptr + offs, (x / scale).to(y_ptr.dtype.element_ty))
    tl.store(scale_ptr + block, scale)


class ModelNew(nn.Module):
    def __init__(self, block_size: int):
        super().__init__()
        self.block_size = block_size

    def forward(self, x: torch.Tensor):
        assert x.is_contiguous() and x.shape[-1] % self.block_size == 0
        y = torch.empty(x.shape, device=x.device, dtype=torch.float8_e4m3fn)
        scale = torch.empty(*x.shape[:-1], x.shape[-1] // self.block_size, device=x.device, dtype=torch.float32)
        _quant_block[(x.numel() // self.block_size,)](x, y, scale, BLOCK=self.block_size)
        return y, scale
