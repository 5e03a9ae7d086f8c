"""Honest: GEMM with bias + exact GELU (erf) epilogue that writes per-tile row sums to a (M, n_tiles) buffer, then a row-sum kernel over the tiles (no atomics)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _gemm_gelu_partial(x_ptr, w_ptr, b_ptr, part_ptr, M, N, K, s_xm, s_xk, s_wn, s_wk, n_tiles,
                       BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    rm = pm * BM + tl.arange(0, BM)
    rn = pn * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k0 in range(0, K, BK):
        ks = k0 + rk
        a = tl.load(x_ptr + rm[:, None] * s_xm + ks[None, :] * s_xk,
                    mask=(rm[:, None] < M) & (ks[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[None, :] * s_wn + ks[:, None] * s_wk,
                    mask=(ks[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(a, w, allow_tf32=False)
    bias = tl.load(b_ptr + rn, mask=rn < N, other=0.0)
    h = acc + bias[None, :]
    g = 0.5 * h * (1.0 + tl.erf(h * 0.7071067811865476))
    g = tl.where(rn[None, :] < N, g, 0.0)
    tl.store(part_ptr + rm * n_tiles + pn, tl.sum(g, axis=1), mask=rm < M)


@triton.jit
def _row_sum(part_ptr, out_ptr, M, n_tiles, BM: tl.constexpr, BT: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    acc = tl.zeros((BM,), dtype=tl.float32)
    for t0 in range(0, n_tiles, BT):
        ts = t0 + tl.arange(0, BT)
        p = tl.load(part_ptr + rm[:, None] * n_tiles + ts[None, :],
                    mask=(rm[:, None] < M) & (ts[None, :] < n_tiles), other=0.0)
        acc += tl.sum(p, axis=1)
    tl.store(out_ptr + rm, acc, mask=rm < M)


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x):
        M, K = x.shape
        w = self.linear.weight
        N = w.shape[0]
        BM, BN, BK = 32, 64, 32
        n_tiles = triton.cdiv(N, BN)
        part = torch.empty((M, n_tiles), device=x.device, dtype=torch.float32)
        _gemm_gelu_partial[(triton.cdiv(M, BM), n_tiles)](x, w, self.linear.bias, part, M, N, K,
                                                          x.stride(0), x.stride(1), w.stride(0), w.stride(1),
                                                          n_tiles, BM=BM, BN=BN, BK=BK)
        out = torch.empty((M, 1), device=x.device, dtype=torch.float32)
        _row_sum[(triton.cdiv(M, 16),)](part, out, M, n_tiles, BM=16, BT=16)
        return out
