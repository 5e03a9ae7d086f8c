"""Honest: argmax over the channel axis of an NCHW tensor scaled by a per-channel nn.Parameter. Each program
owns a block of pixels of one image and loops over the channels keeping the running max and its first index
(strict > so ties keep the lowest channel, as torch.argmax does); the indices are stored as int64."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def channel_argmax_kernel(x_ptr, s_ptr, out_ptr, C, HW, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    n = tl.program_id(1)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < HW
    best = tl.full((BLOCK,), float("-inf"), dtype=tl.float32)
    best_idx = tl.zeros((BLOCK,), dtype=tl.int64)
    for c in range(0, C):
        v = tl.load(x_ptr + (n * C + c) * HW + offs, mask=mask, other=0.0) * tl.load(s_ptr + c)
        better = v > best
        best = tl.where(better, v, best)
        best_idx = tl.where(better, c, best_idx)
    tl.store(out_ptr + n * HW + offs, best_idx.to(tl.int64), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.scale = nn.Parameter(torch.rand(channels, 1, 1) + 0.5)

    def forward(self, x):
        x = x.contiguous()
        N, C, H, W = x.shape
        out = torch.empty((N, H, W), device=x.device, dtype=torch.int64)
        BLOCK = 64
        channel_argmax_kernel[(triton.cdiv(H * W, BLOCK), N)](x, self.scale, out, C, H * W, BLOCK=BLOCK)
        return out
