"""Honest: a residual MLP block as two GEMM launches of one kernel: fc1 with a fused ReLU, then fc2 with the
residual x added in its epilogue. Constexpr flags pick the epilogue; the residual pointer is None when unused.
Weights stay in nn.Linear submodules named as the reference's."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gemm_epilogue_kernel(a_ptr, w_ptr, b_ptr, r_ptr, c_ptr, M, N, K,
                         stride_am, stride_wn, stride_cm,
                         APPLY_RELU: tl.constexpr, ADD_RESIDUAL: tl.constexpr,
                         BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, tl.cdiv(K, BLOCK_K)):
        rk = k0 * BLOCK_K + tl.arange(0, BLOCK_K)
        a = tl.load(a_ptr + rm[:, None] * stride_am + rk[None, :], mask=(rm[:, None] < M) & (rk[None, :] < K),
                    other=0.0)
        w = tl.load(w_ptr + rn[None, :] * stride_wn + rk[:, None], mask=(rk[:, None] < K) & (rn[None, :] < N),
                    other=0.0)
        acc += tl.dot(a, w, input_precision="ieee")
    acc += tl.load(b_ptr + rn, mask=rn < N, other=0.0)[None, :]
    if APPLY_RELU:
        acc = tl.maximum(acc, 0.0)
    cmask = (rm[:, None] < M) & (rn[None, :] < N)
    if ADD_RESIDUAL:
        acc += tl.load(r_ptr + rm[:, None] * stride_cm + rn[None, :], mask=cmask, other=0.0)
    tl.store(c_ptr + rm[:, None] * stride_cm + rn[None, :], acc, mask=cmask)


def linear(x, layer, relu=False, residual=None):
    M, K = x.shape
    N = layer.out_features
    out = torch.empty((M, N), device=x.device, dtype=x.dtype)
    grid = (triton.cdiv(M, 16), triton.cdiv(N, 32))
    gemm_epilogue_kernel[grid](x, layer.weight, layer.bias, residual, out, M, N, K,
                               x.stride(0), layer.weight.stride(0), out.stride(0),
                               APPLY_RELU=relu, ADD_RESIDUAL=residual is not None,
                               BLOCK_M=16, BLOCK_N=32, BLOCK_K=16)
    return out


class ModelNew(nn.Module):
    def __init__(self, d_model, d_ff):
        super().__init__()
        self.fc1 = nn.Linear(d_model, d_ff)
        self.fc2 = nn.Linear(d_ff, d_model)

    def forward(self, x):
        x = x.contiguous()
        h = linear(x, self.fc1, relu=True)
        return linear(h, self.fc2, residual=x)
