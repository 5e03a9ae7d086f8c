"""Family: an fp32 matmul kernel that leaves tl.dot at its default input_precision, "tf32". On sm_80 and newer
the tensor cores then read only 10 of the 23 mantissa bits, and the product is off by about 1e-3 relative,
far outside this fp32 task's tolerance (its reference is exact fp32, PyTorch's default). The Triton
interpreter multiplied in full fp32, so the kernel passed on the CPU; the judge now truncates the operands of
such a dot as the GPU named by --gpu-arch would (sandbox/compat.dots_as_compiled).
Source: Triton issue 4574 (Triton's TF32 truncates, cuBLAS rounds); the suite's matmul_tall_skinny docstring.
Expected: correctness stage, correctness.mismatch, with the hint to pass input_precision="ieee".
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'matmul_tall_skinny',
          'reason_contains': 'input_precision="ieee"'}


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
        acc = tl.dot(a, w, acc)  # the default precision: TF32 on an sm_80+ GPU
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
