"""Honest: a 1x1 convolution and a softmax over the channels fused: each program owns a block of pixels of one
image and all output channels (BLOCK_C = next_power_of_2(C_out)), accumulates the outer products over the input
channels, and normalises along the channel axis with masked max/exp/sum before storing back in NCHW."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def conv1x1_softmax_kernel(x_ptr, w_ptr, b_ptr, y_ptr, C_in, C_out, HW, BLOCK_P: tl.constexpr, BLOCK_C: tl.constexpr):
    pid = tl.program_id(0)
    n = tl.program_id(1)
    p = pid * BLOCK_P + tl.arange(0, BLOCK_P)
    c = tl.arange(0, BLOCK_C)
    pm = p < HW
    cm = c < C_out
    acc = tl.zeros((BLOCK_P, BLOCK_C), dtype=tl.float32)
    for ci in range(C_in):
        xv = tl.load(x_ptr + (n * C_in + ci) * HW + p, mask=pm, other=0.0)
        wv = tl.load(w_ptr + c * C_in + ci, mask=cm, other=0.0)
        acc += xv[:, None] * wv[None, :]
    acc += tl.load(b_ptr + c, mask=cm, other=0.0)[None, :]
    acc = tl.where(cm[None, :], acc, float("-inf"))
    mx = tl.max(acc, axis=1)
    e = tl.exp(acc - mx[:, None])
    e = tl.where(cm[None, :], e, 0.0)
    y = e / tl.sum(e, axis=1)[:, None]
    tl.store(y_ptr + (n * C_out + c[None, :]) * HW + p[:, None], y, mask=pm[:, None] & cm[None, :])


class ModelNew(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 1)

    def forward(self, x):
        x = x.contiguous()
        N, C_in, H, W = x.shape
        C_out = self.conv.out_channels
        y = torch.empty((N, C_out, H, W), device=x.device, dtype=x.dtype)
        conv1x1_softmax_kernel[(triton.cdiv(H * W, 32), N)](x, self.conv.weight, self.conv.bias, y, C_in, C_out, H * W,
                                                           BLOCK_P=32, BLOCK_C=triton.next_power_of_2(C_out))
        return y
