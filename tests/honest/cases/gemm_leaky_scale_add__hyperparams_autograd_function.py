"""Honest: the constructor's hyperparameters (negative_slope, scale, add_value) kept on the module and passed
as float kernel arguments; the launch packaged in a torch.autograd.Function (forward only, weights saved with
ctx.save_for_backward as Liger-style wrappers do), called through .apply."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gemm_leaky_kernel(x_ptr, w_ptr, b_ptr, y_ptr, M, N, K, negative_slope, scale, add_value,
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
    acc = tl.where(acc >= 0, acc, acc * negative_slope)
    acc = acc * scale + add_value
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], acc, mask=(rm[:, None] < M) & (rn[None, :] < N))


class GemmLeakyScaleAdd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, negative_slope, scale, add_value):
        x = x.contiguous()
        M, K = x.shape
        N = weight.shape[0]
        y = torch.empty((M, N), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(M, 16), triton.cdiv(N, 16))
        gemm_leaky_kernel[grid](x, weight, bias, y, M, N, K, negative_slope, scale, add_value,
                                BLOCK_M=16, BLOCK_N=16, BLOCK_K=16)
        ctx.save_for_backward(x, weight)
        return y

    @staticmethod
    def backward(ctx, dy):
        raise NotImplementedError("inference only")


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features, negative_slope, scale, add_value):
        super().__init__()
        self.gemm = nn.Linear(in_features, out_features)
        self.negative_slope = negative_slope
        self.scale = scale
        self.add_value = add_value

    def forward(self, x):
        return GemmLeakyScaleAdd.apply(x, self.gemm.weight, self.gemm.bias, self.negative_slope, self.scale,
                                       self.add_value)
