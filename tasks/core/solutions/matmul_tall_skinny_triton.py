import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def tall_skinny_kernel(a_ptr, w_ptr, c_ptr, M, N, K,
                       BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    # one program owns BM full rows of C; W (K x N, small) is re-read from cache
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros([BM, BN], tl.float32)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None].to(tl.int64) * K + kk[None, :],
                    mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + kk[:, None] * N + rn[None, :],
                    mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a, w, acc, input_precision="ieee")
    tl.store(c_ptr + rm[:, None].to(tl.int64) * N + rn[None, :], acc,
             mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        a = a.contiguous()
        w = w.contiguous()
        M, K = a.shape
        N = w.shape[1]
        c = torch.empty((M, N), dtype=a.dtype, device=a.device)
        BM = 128
        BN = max(16, triton.next_power_of_2(N))
        tall_skinny_kernel[(triton.cdiv(M, BM),)](a, w, c, M, N, K, BM=BM, BN=BN, BK=32)
        return c
