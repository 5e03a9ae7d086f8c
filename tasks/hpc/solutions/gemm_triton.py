import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def dgemm_kernel(a_ptr, b_ptr, c_ptr, d_ptr, M, N, K, alpha: tl.float64, beta: tl.float64,
                 BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    # alpha and beta are annotated: an unannotated Python float reaches a compiled kernel as fp32, 1e-8 off for
    # most values, where the fp64 result is held to 1e-12
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros([BM, BN], tl.float64)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None] * K + kk[None, :], mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_ptr + kk[:, None] * N + rn[None, :], mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(a, b)  # no acc= argument: Triton 3.6 requires an fp32 accumulator there
    cmask = (rm[:, None] < M) & (rn[None, :] < N)
    offs = rm[:, None].to(tl.int64) * N + rn[None, :]
    c = tl.load(c_ptr + offs, mask=cmask, other=0.0)
    tl.store(d_ptr + offs, alpha * acc + beta * c, mask=cmask)


class ModelNew(nn.Module):
    def __init__(self, alpha: float, beta: float):
        super().__init__()
        self.alpha = alpha
        self.beta = beta

    def forward(self, a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        a = a.contiguous()
        b = b.contiguous()
        c = c.contiguous()
        M, K = a.shape
        N = b.shape[1]
        d = torch.empty((M, N), dtype=a.dtype, device=a.device)
        BM, BN, BK = 64, 64, 16
        grid = (triton.cdiv(M, BM), triton.cdiv(N, BN))
        dgemm_kernel[grid](a, b, c, d, M, N, K, self.alpha, self.beta, BM=BM, BN=BN, BK=BK)
        return d
