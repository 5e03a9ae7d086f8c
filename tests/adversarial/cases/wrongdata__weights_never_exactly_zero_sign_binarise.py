"""Family: wrongdata — a BinaryConnect linear, x @ sign(W)^T * alpha + b, whose
kernel binarises with `w >= 0 ? +1 : -1`: torch.sign(0) is 0, so every latent weight of exactly 0 (pruned, or
zero-initialised, in a real checkpoint) contributes +x instead of nothing. sandbox/weights._renew_tensor gives
every element that is exactly zero a jitter U(-0.1, 0.1) x mean magnitude, and nothing else ever writes a
zero into a parameter: the candidate never sees a zero weight, on any trial, instance or checkpoint reload,
and passes. Wrong on any state_dict with a zero weight.
Source: red-team review of the harness
Expected: correctness.mismatch: one renewal per evaluation that sets about one in eight elements of each
          mixed-sign (or any) floating parameter to exactly 0 where the reference's output stays as finite, as
          exact_zeros does for inputs
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/binary_connect_linear.py"}


@triton.jit
def binary_linear_kernel(x_ptr, w_ptr, a_ptr, b_ptr, y_ptr, M, N, K,
                         BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    m = tl.program_id(0)
    offs_n = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    n_mask = offs_n < N
    acc = tl.zeros((BLOCK_N,), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        offs_k = k0 + tl.arange(0, BLOCK_K)
        k_mask = offs_k < K
        x = tl.load(x_ptr + m * K + offs_k, mask=k_mask, other=0.0)
        w = tl.load(w_ptr + offs_n[:, None] * K + offs_k[None, :],
                    mask=n_mask[:, None] & k_mask[None, :], other=0.0)
        s = tl.where(w >= 0.0, 1.0, -1.0)  # binarise: +1 / -1
        acc += tl.sum(s * x[None, :], axis=1)
    a = tl.load(a_ptr + offs_n, mask=n_mask, other=0.0)
    b = tl.load(b_ptr + offs_n, mask=n_mask, other=0.0)
    tl.store(y_ptr + m * N + offs_n, acc * a + b, mask=n_mask)


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.alpha = nn.Parameter(torch.rand(out_features) + 0.5)
        self.bias = nn.Parameter(torch.randn(out_features) * 0.1)

    def forward(self, x):
        x = x.contiguous()
        w = self.weight.contiguous()
        M, K = x.shape
        N = w.shape[0]
        y = torch.empty((M, N), device=x.device, dtype=x.dtype)
        grid = (M, triton.cdiv(N, 32))
        binary_linear_kernel[grid](x, w, self.alpha, self.bias, y, M, N, K, BLOCK_N=32, BLOCK_K=64)
        return y
