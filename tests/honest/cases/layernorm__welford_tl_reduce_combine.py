"""Honest: LayerNorm with Inductor's Welford reduction: per-lane (mean, m2, weight) accumulators over a tile of
BLOCK_M rows by BLOCK_N columns, updated chunk by chunk across the row (masked lanes keep weight 0), then folded
along the columns by tl.reduce over the 3-tuple with a helper combine function, `welford_combine` as in
torch/_inductor/runtime/triton_helpers.py (its 0/0 guarded with tl.where); a second loop normalises with the
nn.LayerNorm's own weight, bias and eps."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def welford_combine(mean_1, m2_1, weight_1, mean_2, m2_2, weight_2):
    delta = mean_2 - mean_1
    new_weight = weight_1 + weight_2
    w2_over_w = tl.where(new_weight == 0.0, 0.0, weight_2 / new_weight)
    return (
        mean_1 + delta * w2_over_w,
        m2_1 + m2_2 + delta * delta * weight_1 * w2_over_w,
        new_weight,
    )


@triton.jit
def layer_norm_kernel(X, Y, W, B, M, N, eps, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    pid = tl.program_id(0)
    rows = pid * BLOCK_M + tl.arange(0, BLOCK_M)[:, None]
    row_mask = rows < M
    X += rows.to(tl.int64) * N
    Y += rows.to(tl.int64) * N
    _mean = tl.zeros([BLOCK_M, BLOCK_N], dtype=tl.float32)
    _m2 = tl.zeros([BLOCK_M, BLOCK_N], dtype=tl.float32)
    _wt = tl.zeros([BLOCK_M, BLOCK_N], dtype=tl.float32)
    for off in range(0, N, BLOCK_N):
        cols = off + tl.arange(0, BLOCK_N)[None, :]
        m = row_mask & (cols < N)
        x = tl.load(X + cols, mask=m, other=0.0).to(tl.float32)
        # per-lane Welford update; masked lanes keep weight 0
        new_wt = _wt + m.to(tl.float32)
        delta = x - _mean
        _mean = tl.where(m, _mean + delta / new_wt, _mean)
        _m2 = tl.where(m, _m2 + delta * (x - _mean), _m2)
        _wt = new_wt
    mean, m2, wt = tl.reduce((_mean, _m2, _wt), 1, welford_combine)
    var = m2 / wt
    rstd = 1.0 / tl.sqrt(var + eps)
    mean = mean[:, None]
    rstd = rstd[:, None]
    for off in range(0, N, BLOCK_N):
        cols = off + tl.arange(0, BLOCK_N)[None, :]
        m = row_mask & (cols < N)
        w = tl.load(W + cols, mask=cols < N)
        b = tl.load(B + cols, mask=cols < N)
        x = tl.load(X + cols, mask=m, other=0.0).to(tl.float32)
        y = (x - mean) * rstd * w + b
        tl.store(Y + cols, y, mask=m)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        x2 = x.reshape(-1, shape[-1]).contiguous()
        M, N = x2.shape
        y = torch.empty_like(x2)
        BLOCK_N = min(triton.next_power_of_2(N), 1024)
        BLOCK_M = 4
        layer_norm_kernel[(triton.cdiv(M, BLOCK_M),)](x2, y, self.ln.weight, self.ln.bias, M, N,
                                                      self.ln.eps, BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N)
        return y.view(shape)
