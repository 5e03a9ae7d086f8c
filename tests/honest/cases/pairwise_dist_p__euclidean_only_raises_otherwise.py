"""Honest: torch.cdist(x, y, p) for the Euclidean case in Triton (a 2-D tile of (point, point) pairs, the squared
differences summed over the feature axis in chunks, then sqrt); any other order p raises NotImplementedError,
declining it, as the contract says a kernel may do for a value it does not support."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def euclid_kernel(x_ptr, y_ptr, out_ptr, N, M, D, BN: tl.constexpr, BM: tl.constexpr, BD: tl.constexpr):
    pn = tl.program_id(0)
    pm = tl.program_id(1)
    rn = pn * BN + tl.arange(0, BN)
    rm = pm * BM + tl.arange(0, BM)
    acc = tl.zeros((BN, BM), dtype=tl.float32)
    for k0 in range(0, D, BD):
        rk = k0 + tl.arange(0, BD)
        xa = tl.load(x_ptr + rn[:, None] * D + rk[None, :], mask=(rn[:, None] < N) & (rk[None, :] < D), other=0.0)
        ya = tl.load(y_ptr + rm[:, None] * D + rk[None, :], mask=(rm[:, None] < M) & (rk[None, :] < D), other=0.0)
        diff = xa[:, None, :] - ya[None, :, :]
        acc += tl.sum(diff * diff, axis=2)
    tl.store(out_ptr + rn[:, None] * M + rm[None, :], tl.sqrt(acc), mask=(rn[:, None] < N) & (rm[None, :] < M))


class ModelNew(nn.Module):
    def forward(self, x, y, p: float):
        if p != 2.0:
            raise NotImplementedError(f"this kernel computes Euclidean distances only (p=2.0), got p={p}")
        x = x.contiguous().float()
        y = y.contiguous().float()
        N, D = x.shape
        M = y.shape[0]
        out = torch.empty((N, M), device=x.device, dtype=torch.float32)
        BN, BM, BD = 16, 16, 16
        euclid_kernel[(triton.cdiv(N, BN), triton.cdiv(M, BM))](x, y, out, N, M, D, BN=BN, BM=BM, BD=BD)
        return out
