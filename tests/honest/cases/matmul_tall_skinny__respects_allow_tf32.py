"""Honest: fp32 tall-skinny GEMM (tutorial 03 tiling, fp32 accumulation) whose wrapper honours PyTorch's TF32 switch
as torch.matmul does, the way Triton GEMM wrappers (torch inductor's mm templates, kernl, triton.ops.matmul users)
pick the dot precision: input_precision = "tf32" if torch.backends.cuda.matmul.allow_tf32 else "ieee". The switch
is False by default on every build, so the kernel computes exact-fp32 ("ieee") products, as the task asks."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def mm_kernel(a_ptr, b_ptr, c_ptr, M, N, K, sam, sak, sbk, sbn, scm, scn,
              BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr, PRECISION: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BM + tl.arange(0, BM)
    rn = pid_n * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None] * sam + kk[None, :] * sak, mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_ptr + kk[:, None] * sbk + rn[None, :] * sbn, mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc, input_precision=PRECISION)
    tl.store(c_ptr + rm[:, None] * scm + rn[None, :] * scn, acc, mask=(rm[:, None] < M) & (rn[None, :] < N))


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    M, K = a.shape
    _, N = b.shape
    c = torch.empty((M, N), device=a.device, dtype=torch.float32)
    precision = "tf32" if torch.backends.cuda.matmul.allow_tf32 else "ieee"
    BM, BN, BK = 64, 32, 32
    grid = (triton.cdiv(M, BM), triton.cdiv(N, BN))
    mm_kernel[grid](a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1), c.stride(0), c.stride(1),
                    BM=BM, BN=BN, BK=BK, PRECISION=precision)
    return c


class ModelNew(nn.Module):
    def forward(self, a, w):
        return matmul(a, w)
