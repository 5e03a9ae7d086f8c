"""Honest: GroupNorm in two launches: a statistics kernel that walks each (sample, group) in blocks and merges
the blocks' (count, mean, M2) with Chan's parallel Welford update, storing mean and rstd into buffers made
with x.new_empty; then an apply kernel on a 2-D grid (plane, block of pixels) reading the group's stats."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def group_stats_kernel(x_ptr, mean_ptr, rstd_ptr, group_size, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    base = x_ptr + row.to(tl.int64) * group_size
    count = 0.0
    mean = 0.0
    m2 = 0.0
    for start in range(0, group_size, BLOCK):
        offs = start + tl.arange(0, BLOCK)
        mask = offs < group_size
        x = tl.load(base + offs, mask=mask, other=0.0).to(tl.float32)
        n_b = tl.sum(mask.to(tl.float32), axis=0)
        mean_b = tl.sum(x, axis=0) / n_b
        d = tl.where(mask, x - mean_b, 0.0)
        m2_b = tl.sum(d * d, axis=0)
        total = count + n_b
        delta = mean_b - mean
        mean = mean + delta * (n_b / total)
        m2 = m2 + m2_b + delta * delta * (count * n_b / total)
        count = total
    var = m2 / count
    tl.store(mean_ptr + row, mean)
    tl.store(rstd_ptr + row, 1.0 / tl.sqrt(var + eps))


@triton.jit
def group_apply_kernel(x_ptr, y_ptr, w_ptr, b_ptr, mean_ptr, rstd_ptr, C, HW, channels_per_group,
                       BLOCK: tl.constexpr):
    plane = tl.program_id(0)
    n = plane // C
    c = plane % C
    g = n * (C // channels_per_group) + c // channels_per_group
    offs = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < HW
    mean = tl.load(mean_ptr + g)
    rstd = tl.load(rstd_ptr + g)
    w = tl.load(w_ptr + c)
    b = tl.load(b_ptr + c)
    x = tl.load(x_ptr + plane * HW + offs, mask=mask, other=0.0)
    tl.store(y_ptr + plane * HW + offs, (x - mean) * rstd * w + b, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, groups: int, channels: int, eps: float):
        super().__init__()
        self.gn = nn.GroupNorm(groups, channels, eps=eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        N, C, H, W = x.shape
        G = self.gn.num_groups
        group_size = (C // G) * H * W
        mean = x.new_empty((N * G,), dtype=torch.float32)
        rstd = x.new_empty((N * G,), dtype=torch.float32)
        group_stats_kernel[(N * G,)](x, mean, rstd, group_size, self.gn.eps,
                                     BLOCK=min(1024, triton.next_power_of_2(group_size)))
        y = torch.empty_like(x)
        block = min(256, triton.next_power_of_2(H * W))
        group_apply_kernel[(N * C, triton.cdiv(H * W, block))](x, y, self.gn.weight, self.gn.bias, mean, rstd, C,
                                                               H * W, C // G, BLOCK=block)
        return y
