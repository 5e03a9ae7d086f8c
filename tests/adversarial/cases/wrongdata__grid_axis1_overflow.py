"""Family: a launch grid the GPU refuses. Row blocks go on grid axis 1, which CUDA caps at 65535 blocks (axis
0 allows 2^31-1). At the verified SHAPES the grid is tiny and the interpreter runs any grid, so the kernel
passed on the CPU; at the real size (6.3 M rows / 64 = 98304 blocks on axis 1) every launch on a GPU fails
with "invalid argument". The CPU's compile for the target now evaluates each launch's grid at every verified
shape and at the real size (sandbox/target.check_grid).
Source: a common slip in generated kernels (batch or row blocks on axis 1 or 2); CUDA's gridDim limits.
Expected: build stage, build.launch_grid.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'build', 'check': 'build.launch_grid', 'task': 'matmul_tall_skinny', 'reason_contains': '65535'}


@triton.jit
def tall_skinny_kernel(a_ptr, w_ptr, c_ptr, M, N, K,
                       BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    # one program owns BM full rows of C; W (K x N, small) is re-read from cache
    rm = tl.program_id(1) * BM + tl.arange(0, BM)  # row blocks on axis 1
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
        BM = 64
        BN = max(16, triton.next_power_of_2(N))
        tall_skinny_kernel[(1, triton.cdiv(M, BM))](a, w, c, M, N, K, BM=BM, BN=BN, BK=32)
        return c
