"""Honest: GroupNorm in one launch per (sample, group), reading x through a stride for every one of its four
dimensions (no .contiguous()), a 2-D tile of (channels of the group, pixels) per step, weights as
nn.Parameter named as nn.GroupNorm names them, with eps taken from the constructor."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def group_norm_strided(x_ptr, y_ptr, w_ptr, b_ptr, C, H, W, G, eps,
                       sxn, sxc, sxh, sxw, syn, syc, syh, syw,
                       BLOCK_C: tl.constexpr, BLOCK_P: tl.constexpr):
    pid = tl.program_id(0)
    n = pid // G
    g = pid % G
    cpg = C // G
    HW = H * W
    offs_c = tl.arange(0, BLOCK_C)
    offs_p = tl.arange(0, BLOCK_P)
    c = g * cpg + offs_c
    cmask = offs_c < cpg
    acc = tl.zeros((BLOCK_C, BLOCK_P), dtype=tl.float32)
    acc2 = tl.zeros((BLOCK_C, BLOCK_P), dtype=tl.float32)
    for p0 in range(0, HW, BLOCK_P):
        p = p0 + offs_p
        h = p // W
        w = p % W
        mask = cmask[:, None] & (p < HW)[None, :]
        x = tl.load(x_ptr + n * sxn + c[:, None] * sxc + h[None, :] * sxh + w[None, :] * sxw, mask=mask, other=0.0)
        acc += x
        acc2 += x * x
    cnt = (cpg * HW).to(tl.float32)
    mean = tl.sum(tl.sum(acc, axis=1), axis=0) / cnt
    var = tl.sum(tl.sum(acc2, axis=1), axis=0) / cnt - mean * mean
    rstd = tl.rsqrt(tl.maximum(var, 0.0) + eps)
    wt = tl.load(w_ptr + c, mask=cmask, other=0.0)
    bs = tl.load(b_ptr + c, mask=cmask, other=0.0)
    for p0 in range(0, HW, BLOCK_P):
        p = p0 + offs_p
        h = p // W
        w = p % W
        mask = cmask[:, None] & (p < HW)[None, :]
        x = tl.load(x_ptr + n * sxn + c[:, None] * sxc + h[None, :] * sxh + w[None, :] * sxw, mask=mask, other=0.0)
        y = (x - mean) * rstd * wt[:, None] + bs[:, None]
        tl.store(y_ptr + n * syn + c[:, None] * syc + h[None, :] * syh + w[None, :] * syw, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, groups: int, channels: int, eps: float):
        super().__init__()
        self.groups = groups
        self.eps = eps
        self.gn = nn.Module()
        self.gn.weight = nn.Parameter(torch.ones(channels))
        self.gn.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        N, C, H, W = x.shape
        y = torch.empty_like(x)
        BLOCK_C = triton.next_power_of_2(C // self.groups)
        BLOCK_P = max(16, min(256, triton.next_power_of_2(H * W)))
        group_norm_strided[(N * self.groups,)](x, y, self.gn.weight, self.gn.bias, C, H, W, self.groups, self.eps,
                                               *x.stride(), *y.stride(), BLOCK_C=BLOCK_C, BLOCK_P=BLOCK_P)
        return y
