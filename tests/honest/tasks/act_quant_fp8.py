"""Block-wise FP8 activation quantisation (as in DeepSeek-V3 inference): each run of `block_size` consecutive
elements of a row is scaled by max|x| / 448 and cast to float8_e4m3fn; returns the fp8 values and the fp32
scales, one per block. No SHAPES (a KernelBench-style file): block_size 128 is a power of two.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, block_size: int):
        super().__init__()
        self.block_size = block_size

    def forward(self, x: torch.Tensor):
        rows, width = x.shape
        blocks = x.float().view(rows, width // self.block_size, self.block_size)
        scale = blocks.abs().amax(dim=-1) / 448.0
        y = (blocks / scale.unsqueeze(-1)).to(torch.float8_e4m3fn).view(rows, width)
        return y, scale


batch_size = 4096
hidden = 7168
block_size = 128


def get_inputs():
    return [torch.randn(batch_size, hidden, dtype=torch.bfloat16)]


def get_init_inputs():
    return [block_size]
