"""Honest: inference-time BatchNorm folding. The BatchNorm1d (eval mode) is folded into the Linear's weight and
bias once, W' = W * gamma / sqrt(var + eps), b' = (b - mean) * gamma / sqrt(var + eps) + beta, kept as
non-persistent buffers, and refolded by a register_load_state_dict_post_hook (a bound method) whenever weights or running
statistics are loaded; the kernel is then a plain GEMM + bias + ReLU on the folded weights."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gemm_bias_relu_kernel(x_ptr, w_ptr, b_ptr, y_ptr, M, N, K,
                          BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        rk = k0 + tl.arange(0, BLOCK_K)
        x = tl.load(x_ptr + rm[:, None] * K + rk[None, :], mask=(rm[:, None] < M) & (rk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[None, :] * K + rk[:, None], mask=(rk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(x, w, input_precision="ieee")
    acc += tl.load(b_ptr + rn, mask=rn < N, other=0.0)[None, :]
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], tl.maximum(acc, 0.0), mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.bn = nn.BatchNorm1d(out_features, eps=1e-5)
        self.register_buffer("w_fold", torch.empty_like(self.fc.weight), persistent=False)
        self.register_buffer("b_fold", torch.empty_like(self.fc.bias), persistent=False)
        self._fold()
        self.register_load_state_dict_post_hook(self._refold)

    @torch.no_grad()
    def _fold(self):
        s = self.bn.weight / torch.sqrt(self.bn.running_var + self.bn.eps)
        self.w_fold.copy_(self.fc.weight * s[:, None])
        self.b_fold.copy_((self.fc.bias - self.bn.running_mean) * s + self.bn.bias)

    def _refold(self, module, incompatible_keys):
        self._fold()

    def forward(self, x):
        x = x.contiguous()
        M, K = x.shape
        N = self.fc.out_features
        y = torch.empty((M, N), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(M, 16), triton.cdiv(N, 16))
        gemm_bias_relu_kernel[grid](x, self.w_fold, self.b_fold, y, M, N, K, BLOCK_M=16, BLOCK_N=16, BLOCK_K=16)
        return y
