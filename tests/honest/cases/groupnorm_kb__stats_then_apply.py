"""Honest: GroupNorm as a per-(sample, group) statistics kernel looping over the group's contiguous C/G*H*W elements, then a flat elementwise normalize+affine kernel."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _gn_stats(x_ptr, mean_ptr, rstd_ptr, group_size, eps, BLOCK: tl.constexpr):
    pid = tl.program_id(0).to(tl.int64)  # pid = n * G + g; each group is contiguous in NCHW
    base = x_ptr + pid * group_size
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros((BLOCK,), dtype=tl.float32)
    for start in range(0, group_size, BLOCK):
        idx = start + offs
        acc += tl.load(base + idx, mask=idx < group_size, other=0.0).to(tl.float32)
    mean = tl.sum(acc, axis=0) / group_size
    acc2 = tl.zeros((BLOCK,), dtype=tl.float32)
    for start in range(0, group_size, BLOCK):
        idx = start + offs
        m = idx < group_size
        x = tl.load(base + idx, mask=m, other=0.0).to(tl.float32)
        d = tl.where(m, x - mean, 0.0)
        acc2 += d * d
    var = tl.sum(acc2, axis=0) / group_size
    tl.store(mean_ptr + pid, mean)
    tl.store(rstd_ptr + pid, 1.0 / tl.sqrt(var + eps))


@triton.jit
def _gn_apply(x_ptr, y_ptr, w_ptr, b_ptr, mean_ptr, rstd_ptr, total, C, HW, G, BLOCK: tl.constexpr):
    pid = tl.program_id(0).to(tl.int64)
    idx = pid * BLOCK + tl.arange(0, BLOCK)
    m = idx < total
    x = tl.load(x_ptr + idx, mask=m, other=0.0).to(tl.float32)
    nc = idx // HW
    c = nc % C
    n = nc // C
    g = c // (C // G)
    mean = tl.load(mean_ptr + n * G + g, mask=m, other=0.0)
    rstd = tl.load(rstd_ptr + n * G + g, mask=m, other=0.0)
    w = tl.load(w_ptr + c, mask=m, other=0.0)
    b = tl.load(b_ptr + c, mask=m, other=0.0)
    tl.store(y_ptr + idx, (x - mean) * rstd * w + b, mask=m)


class ModelNew(nn.Module):
    def __init__(self, num_features: int, num_groups: int):
        super().__init__()
        self.gn = nn.GroupNorm(num_groups=num_groups, num_channels=num_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        N, C = x.shape[0], x.shape[1]
        HW = x.numel() // (N * C)
        G = self.gn.num_groups
        group_size = (C // G) * HW
        mean = torch.empty(N * G, device=x.device, dtype=torch.float32)
        rstd = torch.empty(N * G, device=x.device, dtype=torch.float32)
        _gn_stats[(N * G,)](x, mean, rstd, group_size, self.gn.eps, BLOCK=1024)
        y = torch.empty_like(x)
        total = x.numel()
        BLOCK = 1024
        _gn_apply[(triton.cdiv(total, BLOCK),)](x, y, self.gn.weight, self.gn.bias, mean, rstd,
                                                total, C, HW, G, BLOCK=BLOCK)
        return y
