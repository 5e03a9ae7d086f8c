"""Honest: block-wise FP8 quantisation written the way inference engines do: a program per tile of rows by one
block, the block being `tl.arange(0, BLOCK)` with BLOCK the model's block size, which only a power of two can
be; the host asserts that the width is a whole number of blocks. It cannot run at a block size scaled to an odd value."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _quant_block(x_ptr, y_ptr, scale_ptr, rows, width, ROWS: tl.constexpr, BLOCK: tl.constexpr):
    # a tile of ROWS rows by one block: each row's block gets its own scale
    r = tl.program_id(0) * ROWS + tl.arange(0, ROWS)
    block = tl.program_id(1)
    keep = (r < rows)[:, None]
    offs = r.to(tl.int64)[:, None] * width + block * BLOCK + tl.arange(0, BLOCK)[None, :]
    x = tl.load(x_ptr + offs, mask=keep, other=0.0).to(tl.float32)
    scale = tl.max(tl.abs(x), axis=1) / 448.0
    tl.store(y_ptr + offs, (x / scale[:, None]).to(y_ptr.dtype.element_ty), mask=keep)
    tl.store(scale_ptr + r.to(tl.int64) * (width // BLOCK) + block, scale, mask=r < rows)


class ModelNew(nn.Module):
    def __init__(self, block_size: int):
        super().__init__()
        self.block_size = block_size

    def forward(self, x: torch.Tensor):
        assert x.is_contiguous() and x.shape[-1] % self.block_size == 0
        rows, width = x.numel() // x.shape[-1], x.shape[-1]
        y = torch.empty(x.shape, device=x.device, dtype=torch.float8_e4m3fn)
        scale = torch.empty(*x.shape[:-1], width // self.block_size, device=x.device, dtype=torch.float32)
        ROWS = 32
        grid = (triton.cdiv(rows, ROWS), width // self.block_size)
        _quant_block[grid](x, y, scale, rows, width, ROWS=ROWS, BLOCK=self.block_size)
        return y, scale
